import * as z from 'zod/mini';
import { secretsManagerTokenSecret } from '../auth/token-secret';
import { bearerToken, verifyToken } from '../auth/tokens';
import { requireEnv, requirePositiveIntegerEnv } from '../shared/env';
import { UnauthorizedError } from '../shared/errors';
import { logger } from '../shared/logger';
import { subscribeRefusal } from './channel-policy';

/**
 * What AppSync Events sends a Lambda authorizer: the `Authorization` value of the connect,
 * subscribe or publish request's authorization headers, and what is being asked. Connect
 * names no channel. https://docs.aws.amazon.com/appsync/latest/eventapi/configure-event-api-auth.html
 */
const eventSchema = z.object({
  authorizationToken: z.string(),
  requestContext: z.object({
    operation: z.enum(['EVENT_CONNECT', 'EVENT_SUBSCRIBE', 'EVENT_PUBLISH']),
    channelNamespaceName: z.optional(z.string()),
    channel: z.optional(z.string()),
  }),
});

export type EventsAuthorizerEvent = z.infer<typeof eventSchema>;

/**
 * The answer AppSync expects. `ttlOverride: 0` turns AppSync's cache of answers off: its
 * documentation does not say the cache key holds the channel, and a cached allow for
 * `/checks/b/one` must never stand for the same token's subscribe to another channel.
 */
export type EventsAuthorizerResult =
  | {
      readonly isAuthorized: true;
      readonly ttlOverride: 0;
      readonly handlerContext: { readonly tenant: string };
    }
  | { readonly isAuthorized: false; readonly ttlOverride: 0 };

export interface EventsAuthorizerDeps {
  readonly secret: () => Promise<string>;
  readonly maxTokenLifetimeSeconds: number;
  /** The channel namespace of the checks. */
  readonly namespace: string;
}

const DENY: EventsAuthorizerResult = { isAuthorized: false, ttlOverride: 0 };

/** `Bearer <token>`, as the REST API takes it, or the bare token, as amplify's `authToken` sends it. */
function tokenOf(authorization: string): string | undefined {
  return bearerToken(authorization) ?? (/^\S+$/.test(authorization) ? authorization : undefined);
}

/**
 * Verifies the bearer token by the rules of the other APIs' authorizers and allows a
 * connection, or a subscription to a channel of the token's tenant only. Publishing is
 * the backend's, through IAM, so a token may never publish. Reasons go to the log.
 */
export function createEventsAuthorizerHandler({
  secret,
  maxTokenLifetimeSeconds,
  namespace,
}: EventsAuthorizerDeps) {
  const refuse = (reason: string, details: Record<string, unknown> = {}): EventsAuthorizerResult => {
    logger.info('Unauthorized', { reason, ...details });
    return DENY;
  };
  return async (input: unknown): Promise<EventsAuthorizerResult> => {
    const parsed = eventSchema.safeParse(input);
    if (!parsed.success) return refuse('Not an AppSync Events authorizer event');
    const { authorizationToken, requestContext } = parsed.data;
    const { operation, channel, channelNamespaceName } = requestContext;
    const token = tokenOf(authorizationToken);
    if (token === undefined) return refuse('No bearer token', { operation });
    let tenant: string;
    try {
      tenant = await verifyToken(await secret(), token, maxTokenLifetimeSeconds);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      return refuse(error.message, { operation });
    }
    if (operation === 'EVENT_PUBLISH') return refuse('Only the backend publishes', { tenant, channel });
    if (operation === 'EVENT_SUBSCRIBE') {
      if (channelNamespaceName !== namespace || channel === undefined) {
        return refuse('Subscription outside the checks namespace', { tenant, channelNamespaceName, channel });
      }
      const refusal = subscribeRefusal(namespace, tenant, channel);
      if (refusal !== undefined) return refuse(refusal, { tenant });
    }
    return { isAuthorized: true, ttlOverride: 0, handlerContext: { tenant } };
  };
}

export const handler = createEventsAuthorizerHandler({
  maxTokenLifetimeSeconds: requirePositiveIntegerEnv('TOKEN_MAX_LIFETIME_SECONDS'),
  secret: secretsManagerTokenSecret(requireEnv('TOKEN_SECRET_ARN')),
  namespace: requireEnv('APPSYNC_EVENTS_NAMESPACE'),
});
