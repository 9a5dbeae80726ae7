import type { WebSocket } from 'ws';
import { normalizeHeaders } from './auth-headers';
import { authorize, type AuthDecision } from './authorize';
import type { Subscriber } from './channel-hub';
import { subscribeChannel } from './channels';
import { badRequest, type EventApiError } from './errors';
import { parseClientMessage, serverMessage, type ClientMessage } from './messages';
import { checkPublish, deliver, namespaceOf } from './publish';
import type { EventApiService } from './service';

type Subscribe = Extract<ClientMessage, { type: 'subscribe' }>;
type Publish = Extract<ClientMessage, { type: 'publish' }>;

/** Closed when the sandbox stops, and when a connection reaches AWS's 24-hour limit. */
const GOING_AWAY = 1001;
const REFUSED_GRACE_MS = 10_000;

/**
 * One client of the realtime endpoint, from its upgrade to its close: `connection_init` is
 * answered with `connection_ack` (or `connection_error` when connecting was refused), then
 * `ka` every so often; each subscribe, unsubscribe and publish is authorized with its own
 * `authorization` headers against the namespace's modes, and answered with its `id`.
 */
export class RealtimeConnection implements Subscriber {
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly lifetime: NodeJS.Timeout;
  /** Messages are handled one at a time, in order, as their authorizations may take a while. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: EventApiService,
    private readonly socket: WebSocket,
    private readonly connect: AuthDecision,
  ) {
    // A refused connection waits a little for the message its refusal answers, not a day.
    this.lifetime = setTimeout(
      () => this.close(GOING_AWAY, connect.ok ? 'Connection lifetime reached' : 'Unauthorized'),
      connect.ok ? service.limits.maxConnectionMs : REFUSED_GRACE_MS,
    );
    socket.on('message', (data, isBinary) => {
      const text = isBinary
        ? undefined
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      this.queue = this.queue
        .then(() => this.handle(text))
        .catch((error: unknown) => service.log(`Message failed: ${String(error)}`));
    });
    socket.on('close', () => this.end());
    socket.on('error', () => socket.terminate());
  }

  deliver(subscriptionId: string, event: string): void {
    this.send(serverMessage.data(subscriptionId, event));
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Closes, and ends the socket if the client has not answered the close within `graceMs`. */
  closeWithin(code: number, reason: string, graceMs: number): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), graceMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.close(code, reason);
    });
  }

  private end(): void {
    clearInterval(this.keepAlive);
    clearTimeout(this.lifetime);
    this.service.hub.removeAll(this);
  }

  private send(message: object): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private async handle(text: string | undefined): Promise<void> {
    if (!this.connect.ok) {
      // A refused connection learns why at its first message, then is closed.
      this.send(serverMessage.connectionError([this.connect.error]));
      this.close(1000, 'Unauthorized');
      return;
    }
    if (text === undefined) {
      this.send(serverMessage.error([badRequest('Binary messages are not supported')]));
      return;
    }
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.answerBadMessage(parsed.type, parsed.id, parsed.error);
      return;
    }
    const { message } = parsed;
    switch (message.type) {
      case 'connection_init':
        return this.acknowledge();
      case 'subscribe':
        return this.subscribe(message);
      case 'unsubscribe':
        this.send(
          this.service.hub.remove(this, message.id)
            ? serverMessage.unsubscribeSuccess(message.id)
            : serverMessage.unsubscribeError(message.id, [
                { errorType: 'UnknownOperationError', message: `Unknown subscription id ${message.id}` },
              ]),
        );
        return;
      case 'publish':
        return this.publish(message);
    }
  }

  private answerBadMessage(type: string | undefined, id: string | undefined, error: EventApiError): void {
    if (id !== undefined && type === 'subscribe') this.send(serverMessage.subscribeError(id, [error]));
    else if (id !== undefined && type === 'publish') this.send(serverMessage.publishError(id, [error]));
    else if (id !== undefined && type === 'unsubscribe')
      this.send(serverMessage.unsubscribeError(id, [error]));
    else this.send(serverMessage.error([error], id));
  }

  private acknowledge(): void {
    const { limits } = this.service;
    this.send(serverMessage.connectionAck(limits.connectionTimeoutMs));
    this.send(serverMessage.keepAlive());
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => this.send(serverMessage.keepAlive()), limits.keepAliveIntervalMs);
  }

  private async subscribe(message: Subscribe): Promise<void> {
    const { api, hub, limits, authorities, log } = this.service;
    const fail = (error: EventApiError): void => this.send(serverMessage.subscribeError(message.id, [error]));
    if (hub.has(this, message.id)) {
      return fail({
        errorType: 'DuplicatedOperationError',
        message: `Duplicate subscription id ${message.id}`,
      });
    }
    if (hub.subscriptionCount(this) >= limits.subscriptionsPerConnection) {
      return fail({
        errorType: 'MaxSubscriptionsReachedError',
        message: `Max number of ${limits.subscriptionsPerConnection} subscriptions reached`,
      });
    }
    const check = subscribeChannel(message.channel);
    if (!check.ok) return fail(badRequest(check.reason));
    const namespace = namespaceOf(api, check.channel);
    if ('errorType' in namespace) return fail(namespace);
    const decision = await authorize(authorities, {
      operation: 'EVENT_SUBSCRIBE',
      modes: namespace.subscribeAuthModes,
      headers: normalizeHeaders(message.authorization ?? {}),
      channel: check.channel,
      signedBody: JSON.stringify({ channel: message.channel }),
    });
    if (!decision.ok) {
      log(`Subscribe ${message.id} to ${check.channel.path} refused: ${decision.why}`);
      return fail(decision.error);
    }
    if (this.socket.readyState !== this.socket.OPEN) return;
    hub.add(this, message.id, check.channel);
    this.send(serverMessage.subscribeSuccess(message.id));
  }

  private async publish(message: Publish): Promise<void> {
    const { api, hub, limits, authorities, log } = this.service;
    const fail = (error: EventApiError): void => this.send(serverMessage.publishError(message.id, [error]));
    const checked = checkPublish(api, limits, message.channel, message.events);
    if ('errorType' in checked) return fail(checked);
    const decision = await authorize(authorities, {
      operation: 'EVENT_PUBLISH',
      modes: checked.namespace.publishAuthModes,
      headers: normalizeHeaders(message.authorization ?? {}),
      channel: checked.channel,
      signedBody: JSON.stringify({ channel: message.channel, events: message.events }),
    });
    if (!decision.ok) {
      log(`Publish ${message.id} to ${checked.channel.path} refused: ${decision.why}`);
      return fail(decision.error);
    }
    this.send(serverMessage.publishSuccess(message.id, deliver(hub, checked)));
  }
}
