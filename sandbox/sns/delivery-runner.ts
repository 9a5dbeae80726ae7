import { failureDescription, verdictOf, type AttemptOutcome } from './delivery-outcome';
import type { EffectiveDeliveryPolicy } from './delivery-policy';
import { checkDeliveryTarget, type TargetRules } from './delivery-target';
import type { SnsMessageType } from './envelope';
import { EndpointAgents, postOnce } from './post-once';
import { jitteredSeconds, retryDelaysSeconds } from './retry-schedule';
import { reserveSlot, throttleIntervalMs } from './throttle';
import { sleep } from '../platform/sleep';

/** One message for one HTTP/S subscription, sent byte for byte the same on every attempt. */
export interface DeliveryJob {
  readonly subscriptionArn: string;
  readonly endpoint: string;
  readonly topicArn: string;
  readonly type: SnsMessageType;
  readonly messageId: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly policy: EffectiveDeliveryPolicy;
  /** Notifications only: the queue that receives the payload when delivery fails. */
  readonly deadLetterTargetArn?: string;
  /** Asked before each retry; false once the subscription is gone. */
  readonly stillWanted: () => boolean;
}

export interface DeliveryFailure {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface DeliveryRunnerOptions {
  readonly delayScale: number;
  readonly requestTimeoutMs: number;
  /** What an attempt may reach, checked before each one. */
  readonly targets: TargetRules;
  readonly log: (line: string) => void;
  readonly sendToDeadLetterQueue: (queueArn: string, body: string, failure: DeliveryFailure) => Promise<void>;
  readonly random?: () => number;
}

function describeOutcome(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'status':
      return `HTTP ${outcome.status}`;
    case 'timeout':
      return `no answer within ${outcome.timeoutMs} ms`;
    case 'error':
      return `${outcome.code} (${outcome.message})`;
  }
}

/**
 * Delivers jobs as SNS does: each on its own (no order between messages, as a standard
 * topic promises none), attempts spaced by the subscription's throttle, retried per its
 * retry policy with jitter, every delay multiplied by `delayScale`; what cannot be
 * delivered goes to the dead-letter queue, or is logged and dropped when there is none.
 */
export class DeliveryRunner {
  /**
   * One controller per delivery in flight, which `stop()` aborts: deliveries are unbounded
   * (subscriptions × messages × retries), and one shared signal would carry a listener each.
   */
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;
  private readonly agents = new EndpointAgents();
  private readonly running = new Set<Promise<void>>();
  private readonly nextFreeAt = new Map<string, number>();
  private readonly random: () => number;

  constructor(private readonly options: DeliveryRunnerOptions) {
    this.random = options.random ?? Math.random;
  }

  deliver(job: DeliveryJob): void {
    if (this.stopped) return;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const run: Promise<void> = this.run(job, controller.signal)
      .catch((error: unknown) => this.log(job, `failed unexpectedly: ${String(error)}`))
      .finally(() => {
        this.running.delete(run);
        this.inFlight.delete(controller);
      });
    this.running.add(run);
  }

  /** Stops every retry and cancels requests in flight; nothing is sent afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const controller of this.inFlight) controller.abort();
    await Promise.allSettled([...this.running]);
    this.agents.destroy();
  }

  private log(job: DeliveryJob, text: string): void {
    this.options.log(`sns: ${job.type} ${job.messageId} to ${job.endpoint}: ${text}`);
  }

  private async waitForSlot(job: DeliveryJob, signal: AbortSignal): Promise<void> {
    const intervalMs = throttleIntervalMs(job.policy.maxReceivesPerSecond, this.options.delayScale);
    if (intervalMs === 0) return;
    const now = Date.now();
    const slot = reserveSlot(this.nextFreeAt.get(job.subscriptionArn) ?? 0, now, intervalMs);
    this.nextFreeAt.set(job.subscriptionArn, slot.nextFreeAt);
    await sleep(slot.sendAt - now, signal);
  }

  private async run(job: DeliveryJob, signal: AbortSignal): Promise<void> {
    const delays = retryDelaysSeconds(job.policy.healthyRetryPolicy);
    for (let attempt = 1; ; attempt += 1) {
      await this.waitForSlot(job, signal);
      if (signal.aborted) return;
      const outcome = await this.attempt(job, signal);
      const verdict = verdictOf(outcome);
      if (verdict === 'delivered' || signal.aborted) return;
      const delay = delays[attempt - 1];
      if (verdict === 'permanent' || delay === undefined) {
        await this.fail(job, outcome, attempt);
        return;
      }
      const waitSeconds = jitteredSeconds(delay, this.random) * this.options.delayScale;
      this.log(
        job,
        `${describeOutcome(outcome)}; retry ${attempt} of ${delays.length} in ${waitSeconds.toFixed(3)} s`,
      );
      await sleep(waitSeconds * 1000, signal);
      if (signal.aborted) return;
      if (!job.stillWanted()) {
        this.log(job, 'the subscription is gone; retries stop');
        return;
      }
    }
  }

  /**
   * Resolves and checks the endpoint, then POSTs to the address checked. A refused address
   * ends the attempt as a connection error would: retried, then dead-lettered.
   */
  private async attempt(job: DeliveryJob, signal: AbortSignal): Promise<AttemptOutcome> {
    const checked = await checkDeliveryTarget(job.endpoint, this.options.targets);
    if (!checked.ok) return { kind: 'error', code: checked.code, message: checked.message };
    return postOnce(
      {
        url: job.endpoint,
        address: checked.target,
        headers: job.headers,
        body: job.body,
        timeoutMs: this.options.requestTimeoutMs,
        signal,
      },
      this.agents,
    );
  }

  private async fail(job: DeliveryJob, outcome: AttemptOutcome, attempts: number): Promise<void> {
    const failure = failureDescription(outcome, attempts);
    if (job.deadLetterTargetArn === undefined) {
      this.log(job, `not delivered and dropped (no dead-letter queue): ${failure.errorMessage}`);
      return;
    }
    try {
      await this.options.sendToDeadLetterQueue(job.deadLetterTargetArn, job.body, failure);
      this.log(job, `not delivered, moved to ${job.deadLetterTargetArn}: ${failure.errorMessage}`);
    } catch (error) {
      this.log(job, `not delivered and lost: the dead-letter queue refused it (${String(error)})`);
    }
  }
}
