import type { InvokeOutcome, Invoker } from '../../lambda/invoker';
import type { IntegrationOutcome } from './integration-results';

/** An invoker that throws (an unknown function, a crashed runtime) counts as a failed function. */
export function invokeSafely(invoker: Invoker, functionArn: string, event: unknown): Promise<InvokeOutcome> {
  return invoker.invoke(functionArn, event).catch((error: unknown): InvokeOutcome => ({
    ok: false,
    error: {
      errorType: 'Sandbox.InvokeError',
      errorMessage: error instanceof Error ? error.message : String(error),
    },
  }));
}

/** Invokes a route's function, giving up at the integration timeout as API Gateway does (the function runs on). */
export async function invokeIntegration(
  invoker: Invoker,
  functionArn: string,
  event: unknown,
  timeoutMs: number,
): Promise<IntegrationOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<IntegrationOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([invokeSafely(invoker, functionArn, event), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
