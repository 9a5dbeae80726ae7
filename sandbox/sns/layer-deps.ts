import type { DeliveryRunner } from './delivery-runner';
import type { FauxqsApi } from './fauxqs-api';
import type { HttpSubscriptions } from './http-subscriptions';
import type { SandboxSigner } from './signer';

/** What the HTTP/S delivery layer over fauxqs works with. */
export interface LayerDeps {
  /** Where clients reach the server; SubscribeURL, UnsubscribeURL and SigningCertURL point here. */
  readonly baseUrl: string;
  readonly api: FauxqsApi;
  readonly runner: DeliveryRunner;
  readonly signer: SandboxSigner;
  readonly subscriptions: HttpSubscriptions;
  readonly log: (line: string) => void;
}
