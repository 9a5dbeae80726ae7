import type { CheckCloudEvent } from '../shared/cloud-event';

/** As long as SQS keeps a message at most: a failure outlives the queue it came through. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** A webhook message SNS could not deliver, recorded against its subscription. */
export interface WebhookFailure {
  readonly subscriptionId: string;
  readonly tenant: string;
  /** `<failedAt ISO>#<SQS message id>`: sorts by time, and a redelivered DLQ message keeps it. */
  readonly failureId: string;
  readonly snsMessageId: string;
  readonly event: CheckCloudEvent;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly failedAt: string;
  /** Epoch seconds after which the table's TTL removes the item. */
  readonly expiresAt: number;
}

export interface PublicFailure {
  readonly failureId: string;
  readonly snsMessageId: string;
  readonly event: CheckCloudEvent;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly failedAt: string;
}

export function toPublicFailure(failure: WebhookFailure): PublicFailure {
  const { failureId, snsMessageId, event, errorCode, errorMessage, failedAt } = failure;
  return {
    failureId,
    snsMessageId,
    event,
    errorCode: errorCode ?? null,
    errorMessage: errorMessage ?? null,
    failedAt,
  };
}

export interface FailurePage {
  /** Newest first. */
  readonly items: WebhookFailure[];
  /** The last failure of the page when more may follow. */
  readonly lastFailureId?: string;
}

/** Undelivered webhook messages, kept per subscription until replayed or expired. */
export interface FailureStore {
  record(failure: WebhookFailure): Promise<void>;
  list(subscriptionId: string, limit: number, afterFailureId?: string): Promise<FailurePage>;
  delete(subscriptionId: string, failureIds: readonly string[]): Promise<void>;
  deleteAll(subscriptionId: string): Promise<void>;
}
