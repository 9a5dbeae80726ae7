import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { IdentitySource, RequestAuthorizer, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../lambda/auth/tokens';
import { acknowledge } from './nag';

export interface TokenAuthProps {
  /**
   * How long API Gateway caches a token's policy on the REST API.
   * @default Duration.minutes(5)
   */
  readonly cacheTtl?: Duration;
  /**
   * The longest a token may live from `iat` to `exp`; the authorizer refuses a longer one,
   * and `npm run token` refuses to sign one (give it the same `TOKEN_MAX_LIFETIME_SECONDS`).
   * @default Duration.hours(24)
   */
  readonly maxTokenLifetime?: Duration;
}

/** Whole seconds of at least one, or an error naming the value. */
function lifetimeSecondsOf(lifetime: Duration): number {
  const seconds = lifetime.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(
      `maxTokenLifetime must be a whole number of seconds, at least 1, not ${lifetime.toHumanString()}`,
    );
  }
  return seconds;
}

/**
 * Bearer tokens (HS256 JWTs whose subject is the tenant) checked by one authorizer
 * function, offered as the three authorizers the APIs need: a cached TOKEN authorizer on
 * the `Authorization` header, an uncached REQUEST authorizer that also takes `?token=` for
 * browsers' EventSource, and the WebSocket `$connect` authorizer on `?token=`.
 */
export class TokenAuth extends Construct {
  /** The signing secret; `npm run token -- <tenant> --secret-id <arn>` signs with it. */
  public readonly secret: Secret;
  public readonly authorizerFunction: AppFunction;
  /** For JSON routes: the `Authorization: Bearer` header, results cached per token. */
  public readonly headerAuthorizer: TokenAuthorizer;
  /**
   * For routes a browser opens without headers (SSE): header or `?token=`. API Gateway
   * requires every identity source of a cached REQUEST authorizer, so this one is not cached.
   */
  public readonly headerOrQueryAuthorizer: RequestAuthorizer;
  /** For the WebSocket API's `$connect` route: `?token=`. */
  public readonly webSocketAuthorizer: WebSocketLambdaAuthorizer;
  private readonly maxLifetimeSeconds: number;

  constructor(scope: Construct, id: string, props: TokenAuthProps = {}) {
    super(scope, id);
    this.maxLifetimeSeconds = props.maxTokenLifetime
      ? lifetimeSecondsOf(props.maxTokenLifetime)
      : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    this.secret = new Secret(this, 'TokenSecret', {
      description: 'HS256 key that signs and verifies the bearer tokens of the realtime checks APIs',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Rotating the signing key invalidates every issued token at once; put a new value by hand when needed.',
    );
    this.authorizerFunction = new AppFunction(this, 'Authorizer', {
      handlerFile: 'auth/authorizer',
      description: 'Verifies bearer tokens for the REST and WebSocket APIs',
    });
    this.grantVerifyTokens(this.authorizerFunction);

    this.headerAuthorizer = new TokenAuthorizer(this, 'HeaderAuthorizer', {
      handler: this.authorizerFunction,
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: '^Bearer [-0-9A-Za-z._~+/]+=*$',
      resultsCacheTtl: props.cacheTtl ?? Duration.minutes(5),
    });
    this.headerOrQueryAuthorizer = new RequestAuthorizer(this, 'HeaderOrQueryAuthorizer', {
      handler: this.authorizerFunction,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    this.webSocketAuthorizer = new WebSocketLambdaAuthorizer('TokenAuthorizer', this.authorizerFunction, {
      identitySource: ['route.request.querystring.token'],
    });
  }

  /**
   * Lets `fn` verify tokens by the same rules as the APIs' authorizers: names the secret
   * and the longest lifetime in its environment and grants it read access to the secret.
   */
  grantVerifyTokens(fn: LambdaFunction): Grant {
    fn.addEnvironment('TOKEN_SECRET_ARN', this.secret.secretArn);
    fn.addEnvironment('TOKEN_MAX_LIFETIME_SECONDS', String(this.maxLifetimeSeconds));
    return this.secret.grantRead(fn);
  }
}
