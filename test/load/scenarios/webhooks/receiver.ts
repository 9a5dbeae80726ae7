import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSnsWebhookHandler, type SnsNotification } from '../../../../client/node/sns-webhook';
import type { CheckCloudEvent } from '../../../../client/types';
import { DeliveryLog } from './delivery-log';
import { fateOf, type FlakyOdds } from './fates';

/** healthy takes everything; flaky fails a seeded share; down-window is closed for a while; down is closed throughout. */
export type ReceiverKind = 'healthy' | 'flaky' | 'down-window' | 'down';

const CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/;

/** Thrown by the callback, so the project's handler answers 500 and SNS retries. */
class PlannedFailure extends Error {}

/**
 * A webhook receiver as a user writes one, with the project's handler (signatures verified,
 * subscription confirmed), that fails on purpose: a flaky one answers 500 to the attempts its
 * seeded fates pick, and any can be closed (connections refused) and opened again.
 */
export class FaultyReceiver {
  readonly log = new DeliveryLog();
  confirmed = false;
  /** Attempts answered 500 on purpose. */
  failedAttempts = 0;
  private failing: boolean;
  private readonly attempts = new Map<string, number>();
  private readonly server: Server;
  private port = 0;

  private constructor(
    readonly name: string,
    readonly kind: ReceiverKind,
    sandboxHost: string,
    private readonly odds: FlakyOdds,
  ) {
    this.failing = kind === 'flaky';
    // The sandbox signs with a certificate it serves itself, over http, from its own host.
    const isTrustedCertificateUrl = (url: URL) =>
      url.hostname === sandboxHost && CERTIFICATE_PATH.test(url.pathname);
    this.server = createServer(
      createSnsWebhookHandler({
        isTrustedCertificateUrl,
        onNotification: (message, event) => this.onNotification(message, event),
        onConfirmed: () => {
          this.confirmed = true;
        },
      }),
    );
  }

  static async start(name: string, kind: ReceiverKind, sandboxHost: string, odds: FlakyOdds) {
    const receiver = new FaultyReceiver(name, kind, sandboxHost, odds);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/${this.name}`;
  }

  /** Closed: SNS's attempts meet a refused connection until `up()`. */
  async down(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listening again on the same port, so the subscription's URL still reaches it. */
  async up(): Promise<void> {
    if (!this.server.listening) await this.listen();
  }

  /** Up and taking every delivery from now on, as before a replay. */
  async heal(): Promise<void> {
    this.failing = false;
    await this.up();
  }

  async stop(): Promise<void> {
    if (this.server.listening) await this.down();
  }

  private async listen(): Promise<void> {
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  private onNotification(message: SnsNotification, event: CheckCloudEvent | undefined): void {
    if (event === undefined) throw new Error(`Notification ${message.MessageId} carries no check event`);
    // A retry keeps its message id, so the attempts of one delivery are counted by it.
    const attempt = (this.attempts.get(message.MessageId) ?? 0) + 1;
    this.attempts.set(message.MessageId, attempt);
    if (this.failing && attempt <= fateOf(this.name, event.id, this.odds)) {
      this.failedAttempts += 1;
      throw new PlannedFailure(`${this.name} fails attempt ${attempt} of ${event.id}`);
    }
    this.log.take({ eventId: event.id, checkId: event.subject, version: event.data.version });
  }
}
