/**
 * The token secret of the local sandbox and of `npm run token` when no other secret is
 * given. It is published in this repository, so it protects nothing: a deployed stack
 * generates its own secret in Secrets Manager and never reads this one.
 */
export const DEV_TOKEN_SECRET = 'sandbox-only-token-secret-published-in-the-repo-NOT-A-SECRET';
