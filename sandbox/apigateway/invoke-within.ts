import type { InvokeOutcome, Invoker } from '../lambda/invoker';

/** How an integration's invocation ended, as both APIs tell it apart. */
export type IntegrationSettlement =
  | { readonly kind: 'outcome'; readonly outcome: InvokeOutcome }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Invokes an integration's function, giving up at the integration timeout as API Gateway
 * does; the function runs on. `failed` is an invoker that threw (an unknown function, a
 * crashed runtime), not a function error.
 */
export async function invokeWithin(
  invoker: Invoker,
  functionArn: string,
  event: unknown,
  timeoutMs: number,
): Promise<IntegrationSettlement> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<IntegrationSettlement>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      invoker.invoke(functionArn, event).then(
        (outcome): IntegrationSettlement => ({ kind: 'outcome', outcome }),
        (error: unknown): IntegrationSettlement => ({ kind: 'failed', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
