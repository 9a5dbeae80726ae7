import { Duration, Lazy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  Cors,
  type CorsOptions,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseTransferMode,
  ResponseType,
  RestApi,
  type IAuthorizer,
  type IResource,
  type Method,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigateway';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { acknowledge } from './nag';

export interface ChecksRestApiProps {
  /**
   * Origins a browser may call the API from.
   * @default ['*']
   */
  readonly allowedOrigins?: string[];
  /**
   * The stage the API is deployed to.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second the stage accepts, and its burst.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ThrottleSettings;
  /**
   * Create the account-wide role API Gateway needs to write logs (REST and WebSocket). Set
   * false when the account already has one; the role is kept when the stack is deleted.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
}

export interface RouteOptions {
  readonly authorizer: IAuthorizer;
  /** Streams the function's response (`awslambda.streamifyResponse`) instead of buffering it. */
  readonly streaming?: boolean;
  /**
   * Request headers a browser may send besides the API's own (`Authorization`, `Content-Type`,
   * …), listed in the path's CORS preflight; the path's first route sets them.
   * @default none
   */
  readonly corsAllowHeaders?: string[];
}

/** Streaming responses may last 15 minutes; buffered ones keep API Gateway's 29 s. */
const STREAMING_TIMEOUT = Duration.minutes(15);

/**
 * The REST API every HTTP method of the product shares: a Regional endpoint (a streamed
 * response may idle 5 minutes there, 30 s on edge-optimized), access logs, throttling,
 * CORS, and gateway errors in the contract's `{ error: { code, message } }` shape.
 */
export class ChecksRestApi extends Construct {
  public readonly api: RestApi;
  public readonly allowedOrigins: string[];
  private readonly cors: CorsOptions;
  /** The methods routed on each resource, which its CORS preflight lists, and only those. */
  private readonly routedMethods = new Map<IResource, string[]>();
  /** Request and response content types API Gateway passes as bytes (base64 in the proxy event). */
  private readonly binaryMediaTypes: string[] = [];
  /**
   * The account's API Gateway logging settings, when this construct made them: a WebSocket
   * stage that writes access logs must be created after them.
   */
  public readonly logging?: IDependable;

  constructor(scope: Construct, id: string, props: ChecksRestApiProps = {}) {
    super(scope, id);
    this.allowedOrigins = props.allowedOrigins ?? ['*'];
    const throttle = { rateLimit: 100, burstLimit: 200, ...props.throttle };
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.TWO_WEEKS });

    this.api = new RestApi(this, 'Api', {
      description:
        'Realtime checks: create checks and follow them by polling, long polling, SSE, Connect and webhooks',
      endpointTypes: [EndpointType.REGIONAL],
      binaryMediaTypes: Lazy.list({ produce: () => this.binaryMediaTypes }, { omitEmpty: true }),
      cloudWatchRole: props.cloudWatchRole ?? true,
      deployOptions: {
        loggingLevel: MethodLoggingLevel.ERROR,
        stageName: props.stageName ?? 'prod',
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        metricsEnabled: true,
      },
    });
    this.cors = {
      allowOrigins: this.allowedOrigins.includes('*') ? Cors.ALL_ORIGINS : this.allowedOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'Last-Event-ID'],
      maxAge: Duration.hours(1),
    };

    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'Every handler validates its input with a schema and answers 400 with the contract error body.',
    );
    acknowledge(
      this.api,
      'AwsSolutions-APIG3',
      'WAF is a per-deployment choice with its own cost; the stage is throttled. Attach a web ACL in production.',
    );
    const account = this.api.node.tryFindChild('Account');
    if (account !== undefined) {
      this.logging = account;
      acknowledge(
        this.api,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        "AWS's own policy for API Gateway's logging role; it only writes logs.",
      );
    }
    acknowledge(
      this.api,
      'AwsSolutions-COG4',
      'Every route is behind a Lambda authorizer that verifies signed bearer tokens; Cognito is not used.',
    );

    // API Gateway's own refusals (401 from an authorizer, throttling, 5xx) bypass the
    // functions, so they get the contract's error shape and CORS headers here. They carry no
    // data, so echoing the caller's origin is safe when the allowed list is not `*`.
    const allowOrigin = this.allowedOrigins.includes('*') ? "'*'" : 'method.request.header.Origin';
    const errorTemplate =
      '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}';
    for (const type of [ResponseType.DEFAULT_4XX, ResponseType.DEFAULT_5XX]) {
      this.api.addGatewayResponse(`${type.responseType}Response`, {
        type,
        responseHeaders: { 'Access-Control-Allow-Origin': allowOrigin },
        templates: { 'application/json': errorTemplate },
      });
    }
  }

  /** Routes `method path` to `fn`, behind `authorizer`, and tells `fn` which origins to answer. */
  addRoute(method: string, path: string, fn: LambdaFunction, options: RouteOptions): Method {
    fn.addEnvironment('ALLOWED_ORIGINS', this.allowedOrigins.join(','));
    const integration = new LambdaIntegration(
      fn,
      options.streaming
        ? { responseTransferMode: ResponseTransferMode.STREAM, timeout: STREAMING_TIMEOUT }
        : {},
    );
    const resource = this.api.root.resourceForPath(path);
    this.allowInPreflight(resource, method, options.corsAllowHeaders ?? []);
    return resource.addMethod(method, integration, {
      authorizer: options.authorizer,
      authorizationType: AuthorizationType.CUSTOM,
    });
  }

  /**
   * Lists `method` in the resource's CORS preflight, made with its first route: a preflight
   * listing every method (`defaultCorsPreflightOptions`) invites browsers to methods that only
   * answer 403. The list is read at synthesis, once every route is added.
   */
  private allowInPreflight(resource: IResource, method: string, allowHeaders: string[]): void {
    const methods = this.routedMethods.get(resource);
    if (methods !== undefined) {
      methods.push(method);
      return;
    }
    const routed = [method];
    this.routedMethods.set(resource, routed);
    resource.addCorsPreflight({
      ...this.cors,
      allowHeaders: [...(this.cors.allowHeaders ?? []), ...allowHeaders],
      allowMethods: [Lazy.string({ produce: () => ['OPTIONS', ...routed].join(',') })],
    });
  }

  /**
   * Has API Gateway pass requests of these content types to the functions as bytes, base64 in
   * the proxy event, instead of reading them as UTF-8 text (which would corrupt them).
   */
  addBinaryMediaTypes(...mediaTypes: string[]): void {
    for (const type of mediaTypes)
      if (!this.binaryMediaTypes.includes(type)) this.binaryMediaTypes.push(type);
  }

  get url(): string {
    return this.api.url;
  }
}
