import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DeliveryRunner } from './delivery-runner';
import { portOf } from './delivery-target';
import { FauxqsApi } from './fauxqs-api';
import { addHttpDelivery } from './http-delivery-hooks';
import { HttpSubscriptions } from './http-subscriptions';
import { translateQueueUrls } from './queue-url-translation';
import type { LayerDeps } from './layer-deps';
import { createSandboxSigner } from './signer';
import type { WebhookUrlPolicy } from '../../lambda/webhooks/webhook-url-policy';
import { urlHost } from '../platform/url-host';

export interface SnsSqsOptions {
  /** The interface to listen on. */
  readonly host: string;
  /** 0 lets the system choose. */
  readonly port: number;
  readonly region: string;
  /** fauxqs writes 000000000000 into every ARN, so no other account can be served. */
  readonly accountId: string;
  /** Every SNS delivery delay (retries, throttle) is multiplied by this; 1 is AWS's timing. */
  readonly deliveryDelayScale?: number;
  /** Checked again before every delivery attempt, as the subscriptions function checked it at subscribe time. */
  readonly webhookUrlPolicy: WebhookUrlPolicy;
  /** How long an endpoint has to answer a POST; SNS gives 15 s. */
  readonly requestTimeoutMs?: number;
  readonly log: (line: string) => void;
}

export interface RunningSnsSqs {
  /** The one endpoint of both APIs: AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_SNS. */
  readonly endpoint: string;
  /**
   * Refuses every HTTP/S delivery to the port of `url` on this machine, which a sandbox
   * service (named `service` in the log) listens on. Its own port is refused from the start.
   */
  refuseDeliveriesTo(url: string, service: string): void;
  stop(): Promise<void>;
}

export const FAUXQS_ACCOUNT_ID = '000000000000';

/** A host for URLs that others can fetch: a wildcard address is reached on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return urlHost(host);
}

/**
 * fauxqs serving SQS and SNS on one port, with SNS HTTP/S delivery added: confirmation
 * through SubscribeURL or ConfirmSubscription, filter policies, signed envelopes, retries
 * per delivery policy, and the subscription's dead-letter queue.
 */
export async function startSnsSqs(options: SnsSqsOptions): Promise<RunningSnsSqs> {
  if (options.accountId !== FAUXQS_ACCOUNT_ID) {
    throw new Error(
      `fauxqs serves only account ${FAUXQS_ACCOUNT_ID}; the sandbox asked for ${options.accountId}`,
    );
  }
  const { buildApp } = (await import('fauxqs')) as typeof import('fauxqs');
  const app = buildApp({ logger: false, defaultRegion: options.region });
  const ready: { deps?: LayerDeps } = {};
  const layer = addHttpDelivery(app, () => {
    if (ready.deps === undefined) throw new Error('The SNS layer was asked before the server listened');
    return ready.deps;
  });
  translateQueueUrls(app, options.region, () => {
    if (ready.deps === undefined) throw new Error('A queue was asked for before the server listened');
    return ready.deps.baseUrl;
  });
  await app.listen({ port: options.port, host: options.host });
  const { port } = app.server.address() as AddressInfo;
  const endpoint = `http://${reachableHost(options.host)}:${port}`;
  const api = new FauxqsApi(endpoint);
  const ownPorts = new Map([[port, 'SNS and SQS (fauxqs)']]);
  const runner = new DeliveryRunner({
    delayScale: options.deliveryDelayScale ?? 0.01,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    targets: { policy: options.webhookUrlPolicy, ownPorts },
    log: options.log,
    sendToDeadLetterQueue: (queueArn, body, { errorCode, errorMessage }) =>
      api.sendToQueue(queueArn, body, {
        RequestID: randomUUID(),
        ErrorCode: errorCode,
        ErrorMessage: errorMessage,
      }),
  });
  ready.deps = {
    baseUrl: endpoint,
    api,
    runner,
    signer: createSandboxSigner(endpoint),
    // AWS's tokens are 256 hex characters too.
    subscriptions: new HttpSubscriptions(() => randomBytes(128).toString('hex')),
    log: options.log,
  };
  return {
    endpoint,
    refuseDeliveriesTo(url, service) {
      ownPorts.set(portOf(new URL(url)), service);
    },
    async stop() {
      await layer.idle();
      await runner.stop();
      await app.close();
    },
  };
}
