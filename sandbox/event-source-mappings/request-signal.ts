/**
 * A signal for one SDK request that aborts with the poller's. The SDK's retry strategy adds
 * an abort listener to the signal of every request and leaves it there, so a poller that
 * passed its own long-lived signal would pile up one listener per request.
 */
export async function withRequestSignal<T>(
  stop: AbortSignal,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const request = new AbortController();
  const abort = (): void => request.abort(stop.reason);
  if (stop.aborted) abort();
  else stop.addEventListener('abort', abort, { once: true });
  try {
    return await send(request.signal);
  } finally {
    stop.removeEventListener('abort', abort);
  }
}
