import type { InvokeOutcome, Invoker } from '../../lambda/invoker';
import { invokeWithin } from '../invoke-within';
import type { IntegrationOutcome } from './integration-results';

/** An invoker that throws (an unknown function, a crashed runtime) counts as a failed function. */
function invokeError(error: unknown): InvokeOutcome {
  return {
    ok: false,
    error: {
      errorType: 'Sandbox.InvokeError',
      errorMessage: error instanceof Error ? error.message : String(error),
    },
  };
}

export function invokeSafely(invoker: Invoker, functionArn: string, event: unknown): Promise<InvokeOutcome> {
  return invoker.invoke(functionArn, event).catch(invokeError);
}

/** Invokes a route's function, giving up at the integration timeout as API Gateway does (the function runs on). */
export async function invokeIntegration(
  invoker: Invoker,
  functionArn: string,
  event: unknown,
  timeoutMs: number,
): Promise<IntegrationOutcome> {
  const settled = await invokeWithin(invoker, functionArn, event, timeoutMs);
  if (settled.kind === 'timeout') return { ok: 'timeout' };
  return settled.kind === 'failed' ? invokeError(settled.error) : settled.outcome;
}
