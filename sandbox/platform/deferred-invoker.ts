import type { InvokeOutcome, Invoker, StreamingInvocation } from '../lambda/invoker';

/**
 * The APIs must listen before functions are built: their ports go into the functions'
 * environments (an execute-api URL rewritten to the sandbox). Until then nothing can call in.
 */
export class DeferredInvoker implements Invoker {
  private target: Invoker | undefined;

  attach(target: Invoker): void {
    this.target = target;
  }

  invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    return this.current().invoke(functionRef, event);
  }

  invokeWithResponseStream(functionRef: string, event: unknown): StreamingInvocation {
    return this.current().invokeWithResponseStream(functionRef, event);
  }

  private current(): Invoker {
    if (this.target === undefined) throw new Error('The sandbox is still starting: no function can run yet');
    return this.target;
  }
}
