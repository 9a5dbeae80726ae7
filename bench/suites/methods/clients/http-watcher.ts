import type { Check } from '../../../../lambda/checks/check';
import { CountingAgent } from '../../../wire/counting-agent';
import { NO_WIRE, SocketMeter, type WireCount } from '../../../wire/socket-meter';
import type { ClientTrace, MethodSession, Received } from '../types';
import { mergedCommits, traceOf } from './client-trace';

/** One HTTP client with sockets of its own, counted, and what it learnt. */
export class HttpWatcher {
  readonly meter = new SocketMeter();
  readonly agent: CountingAgent;
  readonly received: Received[] = [];
  readonly commits = new Map<number, number>();
  setupWire: WireCount = NO_WIRE;
  readyAt = 0;
  endAt = 0;
  reads = 0;

  constructor(keepAlive: boolean) {
    this.agent = new CountingAgent(this.meter, { keepAlive, maxSockets: 1 });
  }

  get latestVersion(): number {
    return this.received.reduce((latest, message) => Math.max(latest, message.version), 0);
  }

  /** Records a check (a polling answer's body); the first one attaches the client. */
  take(check: Check, body: string, at: number): void {
    this.commits.set(check.version, Date.parse(check.updatedAt));
    const attached = this.readyAt !== 0;
    this.received.push({
      version: check.version,
      at,
      payloadBytes: Buffer.byteLength(body),
      phase: attached ? 'steady' : 'setup',
    });
    if (!attached) this.attach(at);
  }

  attach(at: number): void {
    this.readyAt = at;
    this.setupWire = this.meter.read();
  }

  trace(): ClientTrace {
    if (this.endAt === 0) this.endAt = Date.now();
    this.agent.destroy();
    return traceOf(this);
  }
}

/**
 * What N watchers produced, attached once the last one was. The commits are those they saw,
 * unless the caller knows more of them.
 */
export function sessionOf(
  checkId: string,
  watchers: readonly HttpWatcher[],
  notes: readonly string[],
  known: Partial<Pick<MethodSession, 'commits' | 'reads'>> = {},
): MethodSession {
  return {
    checkId,
    clients: watchers.map((watcher) => watcher.trace()),
    commits: known.commits ?? mergedCommits(watchers.map((watcher) => watcher.commits)),
    readyAt: Math.max(...watchers.map((watcher) => watcher.readyAt)),
    ...(known.reads === undefined ? {} : { reads: known.reads }),
    notes,
  };
}
