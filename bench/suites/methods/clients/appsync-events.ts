import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { createConnection, type NetConnectOpts } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { Check } from '../../../../lambda/checks/check';
import type { CheckCloudEvent } from '../../../../lambda/shared/cloud-event';
import {
  authorizationOf,
  subprotocolsOf,
  checkChannelOf,
  tenantOf,
} from '../../../../client/transports/appsync-events-auth';
import { CountingAgent } from '../../../wire/counting-agent';
import { countedRequest } from '../../../wire/http-request';
import { NO_WIRE, SocketMeter, type WireCount } from '../../../wire/socket-meter';
import type { ClientTrace, MethodSession, Received } from '../types';
import { mergedCommits, traceOf } from './client-trace';
import { checkUrl, inBatches, type RunSpec } from './run-spec';

/** Where AppSync Events answers, and the CA its TLS certificate chains to in the sandbox. */
export interface AppSyncEventsTarget {
  readonly httpUrl: string;
  readonly realtimeUrl: string;
  readonly caCertFile?: string;
}

/**
 * An HTTPS agent whose TLS sockets run over TCP sockets `meter` counts: the bytes are what
 * crossed the wire, TLS records and handshake included, as they would on AWS.
 */
class CountingTlsAgent extends HttpsAgent {
  constructor(
    private readonly meter: SocketMeter,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: NetConnectOpts & ConnectionOptions): Duplex {
    const tcp = createConnection(options);
    this.meter.track(tcp);
    return tlsConnect({ ...options, socket: tcp });
  }
}

interface ServerMessage {
  readonly type?: string;
  readonly id?: string;
  readonly event?: string;
}

class EventsWatcher {
  readonly meter = new SocketMeter();
  readonly received: Received[] = [];
  readonly commits = new Map<number, number>();
  setupWire: WireCount = NO_WIRE;
  readyAt = 0;
  endAt = 0;
  private socket: WebSocket | undefined;
  private readonly subscriptionId = `bench-${Math.random().toString(36).slice(2)}`;
  private readonly http = new CountingAgent(this.meter);
  private resolveSubscribed: (() => void) | undefined;
  private resolveDone: (() => void) | undefined;
  readonly done: Promise<void> = new Promise((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly target: AppSyncEventsTarget,
    private readonly spec: RunSpec,
  ) {}

  connect(): Promise<void> {
    const authorization = authorizationOf(this.target.httpUrl, this.spec.token);
    const ca =
      this.target.caCertFile === undefined ? undefined : readFileSync(this.target.caCertFile, 'utf8');
    // The upgrade is an HTTP request, and connection_init a message.
    this.meter.countRequest();
    const socket = new WebSocket(this.target.realtimeUrl, subprotocolsOf(authorization), {
      agent: new CountingTlsAgent(this.meter, { keepAlive: false, ...(ca === undefined ? {} : { ca }) }),
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    this.socket = socket;
    socket.on('message', (data) => this.take(String(data)));
    socket.on('close', () => this.finish());
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.on('error', () => undefined);
        this.meter.countRequest();
        socket.send(JSON.stringify({ type: 'connection_init' }));
      });
      socket.once('error', reject);
      const acknowledged = (data: WebSocket.RawData) => {
        if ((JSON.parse(String(data)) as ServerMessage).type !== 'connection_ack') return;
        socket.off('message', acknowledged);
        resolve();
      };
      socket.on('message', acknowledged);
    });
  }

  /** Subscribes, then reads the check once over REST: AppSync keeps no history. Attached after the read. */
  subscribe(checkId: string): Promise<void> {
    const tenant = tenantOf(this.spec.token);
    if (tenant === undefined) throw new Error('The bench token names no tenant');
    const subscribed = new Promise<void>((resolve) => (this.resolveSubscribed = resolve));
    this.meter.countRequest();
    this.socket?.send(
      JSON.stringify({
        type: 'subscribe',
        id: this.subscriptionId,
        channel: checkChannelOf(tenant, checkId),
        authorization: authorizationOf(this.target.httpUrl, this.spec.token),
      }),
    );
    return subscribed.then(() => this.read(checkId));
  }

  close(): void {
    this.socket?.close();
    this.finish();
  }

  trace(): ClientTrace {
    return traceOf(this);
  }

  private async read(checkId: string): Promise<void> {
    const answer = await countedRequest(this.http, this.meter, {
      method: 'GET',
      url: checkUrl(this.spec.restUrl, `checks/${checkId}`),
      headers: { Authorization: `Bearer ${this.spec.token}` },
    });
    if (answer.status !== 200) throw new Error(`GET /checks/${checkId} answered ${answer.status}`);
    const check = JSON.parse(answer.body) as Check;
    this.received.push({
      version: check.version,
      at: answer.at,
      payloadBytes: Buffer.byteLength(answer.body),
      phase: 'setup',
    });
    this.setupWire = this.meter.read();
    this.readyAt = answer.at;
    if (check.version >= this.spec.finalVersion) this.close();
  }

  private finish(): void {
    if (this.endAt === 0) this.endAt = Date.now();
    this.resolveDone?.();
  }

  private take(text: string): void {
    const at = Date.now();
    const message = JSON.parse(text) as ServerMessage;
    if (message.id !== this.subscriptionId) return;
    if (message.type === 'subscribe_success') this.resolveSubscribed?.();
    if (message.type !== 'data' || message.event === undefined) return;
    const event = JSON.parse(message.event) as CheckCloudEvent;
    this.commits.set(event.data.version, Date.parse(event.time));
    // The payload is the CloudEvent; the rest of the message is AppSync's envelope.
    this.received.push({
      version: event.data.version,
      at,
      payloadBytes: Buffer.byteLength(message.event),
      phase: 'steady',
    });
    if (event.data.version >= this.spec.finalVersion) this.close();
  }
}

/**
 * N AppSync Events clients: all connected (and acknowledged) before the check exists, then
 * each subscribes to its channel and reads it once; attached after that read, done at the
 * final version. The publisher posts each change once; AppSync delivers it to each client.
 */
export async function runAppSyncEvents(spec: RunSpec, target: AppSyncEventsTarget): Promise<MethodSession> {
  const watchers = Array.from({ length: spec.clients }, () => new EventsWatcher(target, spec));
  await inBatches(spec.clients, 50, (index) => watchers[index].connect());
  const checkId = await spec.createCheck();
  await inBatches(spec.clients, 200, (index) => watchers[index].subscribe(checkId));
  const readyAt = Math.max(...watchers.map((watcher) => watcher.readyAt));
  const notes = [
    'served over TLS (as on AWS), so its bytes include TLS records; the sandbox serves the other methods over plain HTTP',
  ];
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
