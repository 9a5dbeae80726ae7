import WebSocket from 'ws';
import type { CheckCloudEvent } from '../../../../lambda/shared/cloud-event';
import type { Check } from '../../../../lambda/checks/check';
import { CountingAgent } from '../../../wire/counting-agent';
import { NO_WIRE, SocketMeter, type WireCount } from '../../../wire/socket-meter';
import type { ClientTrace, MethodSession, Received } from '../types';
import { mergedCommits, traceOf } from './client-trace';
import { inBatches, type RunSpec } from './run-spec';

type ServerMessage =
  { readonly type: 'subscribed'; readonly check: Check } | CheckCloudEvent | { readonly type: string };

function isEvent(message: ServerMessage): message is CheckCloudEvent {
  return 'specversion' in message;
}

class WsWatcher {
  readonly meter = new SocketMeter();
  readonly received: Received[] = [];
  readonly commits = new Map<number, number>();
  setupWire: WireCount = NO_WIRE;
  readyAt = 0;
  endAt = 0;
  private socket: WebSocket | undefined;
  private resolveSubscribed: (() => void) | undefined;
  private resolveDone: (() => void) | undefined;
  readonly done: Promise<void> = new Promise((resolve) => (this.resolveDone = resolve));

  constructor(private readonly finalVersion: () => number) {}

  connect(wsUrl: string, token: string): Promise<void> {
    const url = new URL(wsUrl);
    url.searchParams.set('token', token);
    // The upgrade is an HTTP request.
    this.meter.countRequest();
    const socket = new WebSocket(url, {
      agent: new CountingAgent(this.meter, { keepAlive: false }),
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    this.socket = socket;
    socket.on('message', (data) => this.take(String(data)));
    socket.on('close', () => this.finish());
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.on('error', () => undefined);
        resolve();
      });
      socket.once('error', reject);
    });
  }

  subscribe(checkId: string): Promise<void> {
    const subscribed = new Promise<void>((resolve) => (this.resolveSubscribed = resolve));
    this.meter.countRequest();
    this.socket?.send(JSON.stringify({ action: 'subscribe', checkId }));
    return subscribed;
  }

  close(): void {
    this.socket?.close();
    this.finish();
  }

  trace(): ClientTrace {
    return traceOf(this);
  }

  private finish(): void {
    if (this.endAt === 0) this.endAt = Date.now();
    this.resolveDone?.();
  }

  private take(text: string): void {
    const at = Date.now();
    const message = JSON.parse(text) as ServerMessage;
    if (isEvent(message)) {
      this.commits.set(message.data.version, Date.parse(message.time));
      this.received.push({
        version: message.data.version,
        at,
        payloadBytes: Buffer.byteLength(text),
        phase: 'steady',
      });
      if (message.data.version >= this.finalVersion()) this.close();
    } else if (message.type === 'subscribed' && 'check' in message) {
      this.received.push({
        version: message.check.version,
        at,
        payloadBytes: Buffer.byteLength(text),
        phase: 'setup',
      });
      this.setupWire = this.meter.read();
      this.readyAt = at;
      this.resolveSubscribed?.();
      if (message.check.version >= this.finalVersion()) this.close();
    }
  }
}

/**
 * N WebSocket clients: all connected before the check exists, then each subscribes to it;
 * a client is attached once its `subscribed` answer came, and done at the final version.
 */
export async function runWebSocket(spec: RunSpec): Promise<MethodSession> {
  const watchers = Array.from({ length: spec.clients }, () => new WsWatcher(() => spec.finalVersion));
  await inBatches(spec.clients, 50, (index) => watchers[index].connect(spec.wsUrl, spec.token));
  const checkId = await spec.createCheck();
  await inBatches(spec.clients, 200, (index) => watchers[index].subscribe(checkId));
  const readyAt = Math.max(...watchers.map((watcher) => watcher.readyAt));
  const notes: string[] = [];
  const timeout = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), spec.deadline - Date.now()).unref(),
  );
  const outcome = await Promise.race([Promise.all(watchers.map((watcher) => watcher.done)), timeout]);
  if (outcome === 'timeout')
    notes.push(
      `${watchers.filter((w) => w.endAt === 0).length} clients had not received the final version by the deadline`,
    );
  for (const watcher of watchers) watcher.close();
  const commits = mergedCommits(watchers.map((watcher) => watcher.commits));
  return { checkId, clients: watchers.map((watcher) => watcher.trace()), commits, readyAt, notes };
}

/** One uncounted WebSocket subscriber, for the commit times of versions a poller may skip. */
export async function commitObserver(spec: Pick<RunSpec, 'wsUrl' | 'token' | 'finalVersion'>) {
  const watcher = new WsWatcher(() => spec.finalVersion);
  await watcher.connect(spec.wsUrl, spec.token);
  return {
    subscribe: (checkId: string) => watcher.subscribe(checkId),
    commits: (): ReadonlyMap<number, number> => watcher.commits,
    close: () => watcher.close(),
  };
}
