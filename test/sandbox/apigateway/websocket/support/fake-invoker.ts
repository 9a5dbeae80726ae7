import type { InvokeOutcome, Invoker, StreamingInvocation } from '../../../../../sandbox/lambda/invoker';

export type FakeHandler = (event: Record<string, unknown>) => InvokeOutcome | Promise<InvokeOutcome>;

export interface RecordedCall {
  readonly functionRef: string;
  readonly event: Record<string, unknown>;
}

export const ok = (payload: unknown): InvokeOutcome => ({ ok: true, payload });
export const failed = (errorMessage: string): InvokeOutcome => ({
  ok: false,
  error: { errorType: 'Error', errorMessage },
});

/**
 * The Invoker contract in memory: records every event and answers with the handler whose
 * fragment the function ARN contains, else `{ statusCode: 200 }`.
 */
export class FakeInvoker implements Invoker {
  readonly calls: RecordedCall[] = [];
  private readonly handlers: Array<{ readonly fragment: string; readonly handler: FakeHandler }> = [];

  on(fragment: string, handler: FakeHandler): this {
    this.handlers.unshift({ fragment, handler });
    return this;
  }

  async invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    const recorded = event as Record<string, unknown>;
    this.calls.push({ functionRef, event: recorded });
    const match = this.handlers.find(({ fragment }) => functionRef.includes(fragment));
    return match === undefined ? ok({ statusCode: 200 }) : match.handler(recorded);
  }

  invokeWithResponseStream(): StreamingInvocation {
    throw new Error('The WebSocket API never streams');
  }

  eventsOf(fragment: string): Array<Record<string, unknown>> {
    return this.calls.filter(({ functionRef }) => functionRef.includes(fragment)).map(({ event }) => event);
  }
}
