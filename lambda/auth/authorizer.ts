import type { APIGatewayAuthorizerEvent } from 'aws-lambda';
import { allowPolicy, type AuthorizerPolicy } from './auth-policy';
import { UnauthorizedError } from '../shared/errors';
import { bearerToken, verifyToken } from './tokens';
import { requireEnv, requirePositiveIntegerEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { secretsManagerTokenSecret } from './token-secret';

export interface AuthorizerDeps {
  /** The HS256 secret that signs the tokens. */
  readonly secret: () => Promise<string>;
  /** The longest a token may live (`exp - iat`); a longer one is refused. */
  readonly maxTokenLifetimeSeconds: number;
}

function headerOf(headers: Record<string, string | undefined> | null, name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * The bearer token of a TOKEN event (the `Authorization` header), or of a REQUEST event:
 * the header, else `?token=`, which is all a browser's EventSource or WebSocket can send.
 */
function tokenOf(event: APIGatewayAuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') return bearerToken(event.authorizationToken);
  const query = event.queryStringParameters?.token;
  return bearerToken(headerOf(event.headers, 'authorization')) ?? (query ? query : undefined);
}

/**
 * Verifies the token and allows its tenant on the whole API stage, handing the tenant to
 * the integrations as `requestContext.authorizer.tenant`. API Gateway answers 401 to the
 * error message `Unauthorized`; the reason goes to the log, never the token.
 */
export function createAuthorizerHandler({ secret, maxTokenLifetimeSeconds }: AuthorizerDeps) {
  return async (event: APIGatewayAuthorizerEvent): Promise<AuthorizerPolicy> => {
    const token = tokenOf(event);
    if (token === undefined) {
      logger.info('Unauthorized', { reason: 'No bearer token', methodArn: event.methodArn });
      throw new Error('Unauthorized');
    }
    let tenant: string;
    try {
      tenant = await verifyToken(await secret(), token, maxTokenLifetimeSeconds);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      logger.info('Unauthorized', { reason: error.message, methodArn: event.methodArn });
      throw new Error('Unauthorized');
    }
    return allowPolicy(tenant, event.methodArn);
  };
}

export const handler = createAuthorizerHandler({
  maxTokenLifetimeSeconds: requirePositiveIntegerEnv('TOKEN_MAX_LIFETIME_SECONDS'),
  secret: secretsManagerTokenSecret(requireEnv('TOKEN_SECRET_ARN')),
});
