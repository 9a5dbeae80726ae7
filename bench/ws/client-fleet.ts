import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FleetReply, FleetRequest } from './client-fleet-protocol';
import { PLAIN, type SocketDialect } from './socket-dialect';
import { spreadConnections, type ConnectionShare, type SpreadLimits } from './spread-connections';

type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

class Member {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  opened = 0;

  constructor(
    readonly share: ConnectionShare,
    private readonly child: ChildProcess,
    onProgress: () => void,
  ) {
    child.on('message', (message: FleetReply) => {
      if (message.type === 'progress') {
        this.opened = message.opened;
        onProgress();
        return;
      }
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      if (message.type === 'answer') waiting.resolve(message.value);
      else waiting.reject(new Error(`Clients from ${share.localAddress}: ${message.message}`));
    });
    child.once('exit', (code, signal) => {
      for (const waiting of this.pending.values()) {
        waiting.reject(new Error(`The clients from ${share.localAddress} exited (${signal ?? code})`));
      }
      this.pending.clear();
    });
  }

  ask<T>(request: Body<FleetRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.child.send({ ...request, id } as FleetRequest);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

export interface FleetOpenOptions {
  /** The first source address to use (see `loopbackAddress`); each process takes the next. */
  readonly firstAddress: number;
  readonly limits?: SpreadLimits;
  readonly onProgress?: (opened: number, total: number) => void;
  /** API Gateway's plain WebSocket unless told. */
  readonly dialect?: SocketDialect;
}

/**
 * A `ClientPool` spread over processes of its own (`client-fleet-member.ts`), each with its
 * own source address, so a pool can be larger than one process's descriptor limit and one
 * address's ephemeral ports. Every member reads the same wall clock (`nowMs`), so their
 * arrival times merge.
 */
export class ClientFleet {
  private constructor(private readonly members: readonly Member[]) {}

  static async open(url: string, total: number, options: FleetOpenOptions): Promise<ClientFleet> {
    const shares = spreadConnections(total, options.firstAddress, options.limits);
    const members: Member[] = [];
    const progress = () =>
      options.onProgress?.(
        members.reduce((sum, member) => sum + member.opened, 0),
        total,
      );
    for (const share of shares) {
      const child = fork(join(__dirname, 'client-fleet-member.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      members.push(new Member(share, child, progress));
    }
    const fleet = new ClientFleet(members);
    try {
      await Promise.all(
        members.map((member) =>
          member.ask<number>({
            type: 'open',
            url,
            count: member.share.count,
            localAddress: member.share.localAddress,
            dialect: options.dialect ?? PLAIN,
          }),
        ),
      );
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  get size(): number {
    return this.members.reduce((sum, member) => sum + member.share.count, 0);
  }

  /** The processes and the source address of each. */
  get shares(): readonly ConnectionShare[] {
    return this.members.map((member) => member.share);
  }

  /** Every client sends `message`; each process keeps its share of `window` in flight. */
  async requestAll(message: string, replyKey: string, window: number, timeoutMs: number): Promise<void> {
    const each = Math.max(1, Math.ceil(window / this.members.length));
    await Promise.all(
      this.members.map((member) =>
        member.ask({ type: 'requestAll', message, replyKey, window: each, timeoutMs }),
      ),
    );
  }

  /** Resolves once every client has a message with this key. */
  async waitForAll(key: string, timeoutMs: number): Promise<void> {
    await Promise.all(this.members.map((member) => member.ask({ type: 'waitForAll', key, timeoutMs })));
  }

  /** When each client's message with this key arrived (epoch ms), all processes together. */
  async times(key: string): Promise<number[]> {
    const parts = await Promise.all(
      this.members.map((member) => member.ask<number[]>({ type: 'times', key })),
    );
    return parts.flat();
  }

  /** How many distinct clients have a message with this key, all processes together. */
  async receivers(key: string): Promise<number> {
    const counts = await Promise.all(
      this.members.map((member) => member.ask<number>({ type: 'receivers', key })),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async lastText(key: string): Promise<string | undefined> {
    const texts = await Promise.all(
      this.members.map((member) => member.ask<string | null>({ type: 'lastText', key })),
    );
    return texts.find((text): text is string => text !== null);
  }

  async forget(key: string): Promise<void> {
    await Promise.all(this.members.map((member) => member.ask({ type: 'forget', key })));
  }

  /** Ends every socket and every process. */
  async close(): Promise<void> {
    await Promise.all(
      this.members.map(async (member) => {
        await member.ask({ type: 'close' }).catch(() => undefined);
        await member.stop();
      }),
    );
  }
}
