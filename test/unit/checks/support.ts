import { Writable } from 'node:stream';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { StoredCheck } from '../../../lambda/checks/check';
import { CREATED_AT, storedCheck } from '../support/checks';

/** The check as the worker leaves it after `version - 1` steps of its 3-step job. */
export function checkAt(version: number, changes: Partial<StoredCheck> = {}): StoredCheck {
  const status = version >= 4 ? 'done' : 'processing';
  const progress = Math.min(100, Math.round(((version - 1) / 3) * 100));
  const updatedAt = new Date(CREATED_AT.getTime() + (version - 1) * 1000).toISOString();
  return storedCheck({ version, status, progress, updatedAt, ...changes });
}

/** Answers each GetItem with the next state; the last one repeats. */
export function itemsInTurn(
  ddb: AwsClientStub<DynamoDBDocumentClient>,
  ...states: Array<StoredCheck | undefined>
): void {
  const [last] = states.slice(-1);
  const behaviour = states
    .slice(0, -1)
    .reduce((mock, state) => mock.resolvesOnce({ Item: state }), ddb.on(GetCommand));
  behaviour.resolves({ Item: last });
}

/** A Lambda context that only knows how much time is left. */
export function remaining(ms: number) {
  return { getRemainingTimeInMillis: () => ms };
}

/** Time that passes only when the code under test sleeps. */
export class FakeClock {
  readonly sleeps: number[] = [];
  private time: number;

  constructor(start = CREATED_AT.getTime()) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = async (ms: number): Promise<void> => {
    if (ms < 0) throw new Error(`negative sleep ${ms}`);
    this.sleeps.push(ms);
    this.time += ms;
  };

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface ResponseMetadata {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
}

/** Stands in for the runtime's response stream: keeps what was written and the prelude's metadata. */
/**
 * The runtime's response stream as `HttpResponseStream` uses it: the metadata prelude goes
 * out on the first `write()` only, and `end()` takes no data (the runtime's `end` would send
 * a chunk past the prelude). So `metadata` is what a client would actually receive.
 */
export class FakeResponseStream extends Writable {
  readonly chunks: string[] = [];
  /** The same chunks as bytes, for binary bodies. */
  readonly buffers: Buffer[] = [];
  /** Set by `HttpResponseStream.from`, waiting for the first write. */
  pendingMetadata: ResponseMetadata | undefined;
  /** The prelude as sent: undefined until a write carried it. */
  metadata: ResponseMetadata | undefined;

  constructor() {
    super();
    const write = this.write.bind(this) as (...args: unknown[]) => boolean;
    const end = this.end.bind(this) as (...args: unknown[]) => Writable;
    Object.assign(this, {
      write: (...args: unknown[]): boolean => {
        this.metadata ??= this.pendingMetadata;
        return write(...args);
      },
      end: (...args: unknown[]): Writable => {
        if (args.some((arg) => typeof arg === 'string' || Buffer.isBuffer(arg))) {
          throw new Error("The Lambda runtime's end() takes no data: write the body, then end()");
        }
        return end(...args);
      },
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString('utf8'));
    this.buffers.push(Buffer.from(chunk));
    callback();
  }

  get body(): string {
    return this.chunks.join('');
  }
}

/** Parses a text/event-stream body into its events and comments. */
export function parseEventStream(body: string): Array<Record<string, string>> {
  return body
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) =>
      Object.fromEntries(
        block.split('\n').map((line) => {
          const colon = line.indexOf(':');
          return [
            line.slice(0, colon) === '' ? 'comment' : line.slice(0, colon),
            line.slice(colon + 1).trim(),
          ];
        }),
      ),
    );
}
