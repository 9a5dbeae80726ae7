import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/** A rotated secret takes effect within this many seconds, without a Secrets Manager call per request. */
const SECRET_CACHE_SECONDS = 300;

/** Reads the HS256 token secret from Secrets Manager, cached for a few minutes. */
export function secretsManagerTokenSecret(secretArn: string): () => Promise<string> {
  return async () => {
    const value = await getSecret(secretArn, { maxAge: SECRET_CACHE_SECONDS });
    if (typeof value !== 'string') throw new Error('The token secret must be a string secret');
    return value;
  };
}
