import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a byte stream into lines at `\n` only: the runtime turns the newlines inside one log
 * message into `\r`, so a message stays one line, as it stays one CloudWatch event.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + this.decoder.write(chunk)).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') this.onLine(rest);
  }
}
