/**
 * Thrown by the iteration: the server refused the watch (`status` is 401, 403 or 404), or
 * every transport failed (`reasons` says why each one did).
 */
export class WatchError extends Error {
  override readonly name = 'WatchError';
  readonly status: number | undefined;
  readonly reasons: readonly string[];

  constructor(message: string, details: { status?: number; reasons?: readonly string[] } = {}) {
    super(message);
    this.status = details.status;
    this.reasons = details.reasons ?? [];
  }
}

/**
 * A transport could not carry the watch. Transient failures (network, 5xx) are retried with
 * backoff; the others (a refused upgrade, a buffering proxy) make the engine fall back at once.
 */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';

  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}
