import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Invoker } from '../lambda/invoker';
import { invokeWithin } from '../apigateway/invoke-within';
import type { AuthHeaders } from './auth-headers';
import type { Channel } from './channels';
import type { EventApiModel, LambdaAuthorizerModel } from './model';

export type EventOperation = 'EVENT_CONNECT' | 'EVENT_SUBSCRIBE' | 'EVENT_PUBLISH';

/** What AppSync Events sends a Lambda authorizer. */
export interface LambdaAuthorizerEvent {
  readonly authorizationToken: string;
  readonly requestContext: {
    readonly apiId: string;
    readonly accountId: string;
    readonly requestId: string;
    readonly operation: EventOperation;
    readonly channelNamespaceName?: string;
    readonly channel?: string;
  };
  readonly requestHeaders: AuthHeaders;
}

export type LambdaAuthorization =
  | { readonly ok: true; readonly handlerContext: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly why: string };

/** AppSync gives an authorizer 10 seconds. */
const AUTHORIZER_TIMEOUT_MS = 10_000;
/** The most an authorizer's answer may be cached, `ttlOverride` included. */
const MAX_TTL_SECONDS = 3_600;

const answerSchema = z.object({
  isAuthorized: z.boolean(),
  handlerContext: z.optional(z.record(z.string(), z.unknown())),
  ttlOverride: z.optional(z.number()),
});

export function authorizerEvent(
  api: Pick<EventApiModel, 'apiId' | 'accountId'>,
  operation: EventOperation,
  headers: AuthHeaders,
  channel: Channel | undefined,
): LambdaAuthorizerEvent {
  return {
    authorizationToken: headers.authorization ?? '',
    requestContext: {
      apiId: api.apiId,
      accountId: api.accountId,
      requestId: randomUUID(),
      operation,
      ...(channel === undefined ? {} : { channelNamespaceName: channel.namespace, channel: channel.path }),
    },
    requestHeaders: headers,
  };
}

interface Cached {
  readonly until: number;
  readonly result: LambdaAuthorization;
}

/**
 * The API's Lambda authorizer: a token the validation expression refuses is refused without
 * invoking it; otherwise its `isAuthorized` decides, and an error, a timeout or a malformed
 * answer refuses. Answers are cached for the configured TTL or the function's `ttlOverride`,
 * per token, operation and channel.
 */
export class LambdaAuthorizer {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly api: EventApiModel,
    private readonly config: LambdaAuthorizerModel,
    private readonly invoker: Invoker,
    private readonly log: (line: string) => void,
  ) {}

  async authorize(
    operation: EventOperation,
    headers: AuthHeaders,
    channel: Channel | undefined,
    now = Date.now(),
  ): Promise<LambdaAuthorization> {
    const token = headers.authorization ?? '';
    const expression = this.config.identityValidationExpression;
    if (expression !== undefined && !expression.test(token)) {
      return { ok: false, why: 'the token does not match the identity validation expression' };
    }
    const key = JSON.stringify([token, operation, channel?.path ?? null]);
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now) return cached.result;
    const event = authorizerEvent(this.api, operation, headers, channel);
    const settled = await invokeWithin(this.invoker, this.config.functionArn, event, AUTHORIZER_TIMEOUT_MS);
    if (settled.kind !== 'outcome')
      return {
        ok: false,
        why: `the authorizer ${settled.kind === 'timeout' ? 'timed out' : 'could not run'}`,
      };
    if (!settled.outcome.ok)
      return { ok: false, why: `the authorizer failed: ${settled.outcome.error.errorMessage}` };
    const answer = answerSchema.safeParse(settled.outcome.payload);
    if (!answer.success) {
      this.log(`Lambda authorizer answer malformed: ${JSON.stringify(settled.outcome.payload)}`);
      return { ok: false, why: 'the authorizer answered without a boolean isAuthorized' };
    }
    const { isAuthorized, handlerContext = {}, ttlOverride } = answer.data;
    const result: LambdaAuthorization = isAuthorized
      ? { ok: true, handlerContext }
      : { ok: false, why: 'the authorizer answered isAuthorized: false' };
    const ttl = Math.min(MAX_TTL_SECONDS, ttlOverride ?? this.config.resultTtlSeconds);
    if (ttl > 0) this.cache.set(key, { until: now + ttl * 1000, result });
    return result;
  }
}
