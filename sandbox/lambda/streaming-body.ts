import { Readable } from 'node:stream';

/**
 * The bytes of a streaming invocation as its caller reads them. A chunk the reader has not
 * made room for holds back the function's next write, as a slow connection would.
 */
export class StreamingBody {
  readonly readable: Readable;
  private readonly held: Array<() => void> = [];
  private ended = false;

  constructor() {
    this.readable = new Readable({ read: () => this.releaseHeld() });
  }

  push(chunk: Buffer, taken: () => void): void {
    if (this.ended) taken();
    else if (this.readable.push(chunk)) taken();
    else this.held.push(taken);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.readable.push(null);
    this.releaseHeld();
  }

  private releaseHeld(): void {
    for (const taken of this.held.splice(0)) taken();
  }
}
