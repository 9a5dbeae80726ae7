import type { AuthorizerResult } from '../policy';

/**
 * Authorizer results by authorizer and identity, for the authorizer's TTL. The whole result is
 * kept, so a cached policy is evaluated again against each new method ARN, as on AWS.
 */
export class AuthorizerCache {
  private readonly entries = new Map<
    string,
    { readonly result: AuthorizerResult; readonly expiresAt: number }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): AuthorizerResult | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.result;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, result: AuthorizerResult, ttlSeconds: number): void {
    this.entries.set(key, { result, expiresAt: this.now() + ttlSeconds * 1000 });
  }
}
