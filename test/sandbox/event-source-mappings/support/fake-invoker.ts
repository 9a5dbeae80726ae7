import type { Invoker, InvokeOutcome, StreamingInvocation } from '../../../../sandbox/lambda/invoker';

export interface RecordedCall {
  readonly functionRef: string;
  readonly event: unknown;
}

/** How the fake function answers a call: the outcome, given the call and how many came before it. */
export type Script = (call: RecordedCall, index: number) => InvokeOutcome | Promise<InvokeOutcome>;

export const succeed = (): InvokeOutcome => ({ ok: true, payload: null });
export const fail = (message = 'boom'): InvokeOutcome => ({
  ok: false,
  error: { errorType: 'Error', errorMessage: message },
});
export const reportFailures = (...itemIdentifiers: string[]): InvokeOutcome => ({
  ok: true,
  payload: { batchItemFailures: itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier })) },
});

/** The Invoker contract in memory: records every event and answers what the test scripts. */
export class FakeInvoker implements Invoker {
  readonly calls: RecordedCall[] = [];

  constructor(public script: Script = succeed) {}

  async invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    const call = { functionRef, event: JSON.parse(JSON.stringify(event)) as unknown };
    const index = this.calls.length;
    this.calls.push(call);
    return this.script(call, index);
  }

  invokeWithResponseStream(): StreamingInvocation {
    throw new Error('Event source mappings never stream');
  }

  /** The records of each call, in call order. */
  batches<R>(): R[][] {
    return this.calls.map(({ event }) => (event as { Records: R[] }).Records);
  }

  /** Resolves once `count` calls were made; fails the test, saying what it saw, when they do not come. */
  waitForCalls(count: number, timeoutMs = 15_000): Promise<void> {
    return this.waitUntil(() => this.calls.length >= count, `${count} invocations`, timeoutMs);
  }

  /** Resolves once `count` records were delivered, over any number of calls. */
  waitForRecords(count: number, timeoutMs = 15_000): Promise<void> {
    return this.waitUntil(() => this.batches().flat().length >= count, `${count} records`, timeoutMs);
  }

  private async waitUntil(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`Expected ${what}, got these calls: ${JSON.stringify(this.calls)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
