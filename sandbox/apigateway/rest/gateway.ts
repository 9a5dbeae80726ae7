import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invoker } from '../../lambda/invoker';
import { newTraceId } from '../ids';
import type { AuthorizerContext } from '../policy';
import { sourceIpOf } from '../request-context';
import { authorize, type AuthorizationOutcome } from './authorize';
import { AuthorizerCache } from './authorizer-cache';
import { isBinaryMediaType } from './binary-media';
import { runBufferedIntegration } from './buffered-integration';
import { flattenContext } from './context-variables';
import { Exchange } from './exchange';
import {
  forbidden,
  missingAuthenticationToken,
  requestTooLarge,
  throttled,
  type GatewayError,
} from '../gateway-errors';
import type { TokenBucket } from '../token-bucket';
import { headerValue, type RequestValues } from './request-values';
import { renderMockResponse } from './mock-integration';
import type { LambdaProxyIntegration, MethodModel, RestApiModel, StageModel } from './model';
import {
  buildProxyEvent,
  type ProxyEvent,
  requestContextOf,
  type ApiFacts,
  type RequestFacts,
  type RouteFacts,
} from './proxy-event';
import { readBody } from './request-body';
import { headerMaps, headerPairs, queryMaps, withGatewayHeaders } from './request-maps';
import { createRouter, selectMethod } from './route-matcher';
import { runStreamingIntegration } from './streaming-integration';

export interface GatewaySettings {
  readonly api: RestApiModel;
  readonly invoker: Invoker;
  readonly maxPayloadBytes: number;
  readonly streamIdleTimeoutMs: number;
  readonly log: (line: string) => void;
  readonly now: () => number;
  /** The account's request budget, shared with the other APIs; none: never throttled. */
  readonly accountThrottle?: TokenBucket;
}

/** One request's way through API Gateway: stage, route, payload limit, authorizer, integration. */
class Call {
  private readonly facts: Omit<RequestFacts, 'body'>;
  private readonly stage: StageModel | undefined;
  private readonly traceId: string;

  constructor(
    private readonly gateway: Gateway,
    private readonly exchange: Exchange,
    receivedAt: number,
  ) {
    const { request } = exchange;
    const [rawPath, rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const stageName = rawPath.split('/')[1] ?? '';
    this.stage = gateway.stages.get(stageName);
    this.traceId =
      headerValue(headerMaps(headerPairs(request.rawHeaders)).headers, 'x-amzn-trace-id') ??
      newTraceId(receivedAt);
    this.facts = {
      httpMethod: request.method ?? 'GET',
      stage: stageName,
      pathAfterStage: rawPath.slice(stageName.length + 1),
      rawQuery,
      headerPairs: withGatewayHeaders(headerPairs(request.rawHeaders), {
        sourceIp: sourceIpOf(request.socket.remoteAddress),
        port: request.socket.localPort ?? 0,
        protocol: 'http',
        traceId: this.traceId,
      }),
      sourceIp: sourceIpOf(request.socket.remoteAddress),
      protocol: `HTTP/${request.httpVersion}`,
      requestId: exchange.requestId,
      extendedRequestId: exchange.extendedRequestId,
      receivedAt,
    };
  }

  async run(): Promise<void> {
    const { api } = this.gateway.settings;
    if (this.stage === undefined) {
      this.fail(forbidden(), `no stage "${this.facts.stage}"`, this.valuesOf(undefined, undefined), {});
      return;
    }
    const apiFacts: ApiFacts = {
      apiId: api.id,
      accountId: api.accountId,
      region: api.region,
      deploymentId: this.stage.deploymentId,
      stageVariables: this.stage.variables,
      binaryMediaTypes: api.binaryMediaTypes,
    };
    if (this.gateway.settings.accountThrottle?.take() === false) {
      this.fail(throttled(), "over the account's throttle", this.valuesOf(apiFacts, undefined));
      return;
    }
    const match = this.gateway.route(this.facts.pathAfterStage);
    const method = match === undefined ? undefined : selectMethod(match.resource, this.facts.httpMethod);
    if (match === undefined || method === undefined) {
      this.fail(missingAuthenticationToken(), 'no such route', this.valuesOf(apiFacts, undefined));
      return;
    }
    const route: RouteFacts = {
      resourceId: match.resource.id,
      resourcePath: match.resource.path,
      pathParameters: match.pathParameters,
    };
    const read = await readBody(this.exchange.request, this.gateway.settings.maxPayloadBytes);
    if (!read.ok) {
      const values = this.valuesOf(apiFacts, route);
      this.exchange.explain('request payload too large');
      this.exchange.respondWithError(requestTooLarge(), api.gatewayResponses, values, [
        ['Connection', 'close'],
      ]);
      return;
    }
    await this.invokeMethod(method, apiFacts, { ...this.facts, body: read.body }, route);
  }

  private async invokeMethod(
    method: MethodModel,
    api: ApiFacts,
    request: RequestFacts,
    route: RouteFacts,
  ): Promise<void> {
    let authorizerContext: AuthorizerContext | undefined;
    if (method.authorization.type === 'CUSTOM') {
      const outcome = await this.authorizeMethod(method.authorization.authorizerId, api, request, route);
      if (!outcome.ok) return;
      authorizerContext = outcome.context;
    }
    const values = this.valuesOf(api, route, authorizerContext);
    const { integration } = method;
    if (integration.type === 'MOCK') {
      const mock = renderMockResponse(integration, values);
      this.exchange.respond(mock.statusCode, Object.entries(mock.headers), '');
      return;
    }
    const event = buildProxyEvent(api, request, route, authorizerContext);
    await this.runLambdaIntegration(integration, event, values, api);
  }

  /** Runs the method's authorizer; a refusal is answered here. */
  private async authorizeMethod(
    authorizerId: string,
    api: ApiFacts,
    request: RequestFacts,
    route: RouteFacts,
  ): Promise<AuthorizationOutcome> {
    const { settings } = this.gateway;
    const authorizer = settings.api.authorizers[authorizerId];
    const outcome = await authorize({
      authorizer,
      invoker: settings.invoker,
      cache: this.gateway.authorizerCache,
      api,
      request,
      route,
      values: this.valuesOf(api, route),
      now: settings.now,
    });
    if (!outcome.ok) {
      this.fail(outcome.error, `authorizer ${authorizer.name}: ${outcome.reason}`, this.valuesOf(api, route));
    }
    return outcome;
  }

  private async runLambdaIntegration(
    integration: LambdaProxyIntegration,
    event: ProxyEvent,
    values: RequestValues,
    api: ApiFacts,
  ): Promise<void> {
    const { settings } = this.gateway;
    const fail = (error: GatewayError, detail: string): void => this.fail(error, detail, values);
    const call = {
      exchange: this.exchange,
      invoker: settings.invoker,
      integration,
      event,
      traceId: this.traceId,
      fail,
    };
    if (integration.transferMode === 'STREAM') {
      await runStreamingIntegration({ ...call, idleTimeoutMs: settings.streamIdleTimeoutMs });
      return;
    }
    await runBufferedIntegration({
      ...call,
      acceptsBinary: isBinaryMediaType(headerValue(values.headers, 'accept'), api.binaryMediaTypes),
    });
  }

  /** What mapping expressions and gateway response templates may read of this request. */
  private valuesOf(
    api: ApiFacts | undefined,
    route: RouteFacts | undefined,
    authorizer?: AuthorizerContext,
  ): RequestValues {
    return {
      headers: headerMaps(this.facts.headerPairs).headers,
      query: queryMaps(this.facts.rawQuery).queryStringParameters,
      path: route?.pathParameters ?? null,
      stageVariables: this.stage?.variables ?? null,
      context: api === undefined ? {} : flattenContext(requestContextOf(api, this.facts, route, authorizer)),
    };
  }

  private fail(
    error: GatewayError,
    detail: string,
    values: RequestValues,
    responses = this.gateway.settings.api.gatewayResponses,
  ): void {
    this.exchange.explain(detail);
    this.exchange.respondWithError(error, responses, values);
  }
}

/** API Gateway for one REST API: every deployed stage of it, behind one HTTP listener. */
export class Gateway {
  readonly stages: ReadonlyMap<string, StageModel>;
  readonly route: ReturnType<typeof createRouter>;
  readonly authorizerCache: AuthorizerCache;

  constructor(readonly settings: GatewaySettings) {
    this.stages = new Map(settings.api.stages.map((stage) => [stage.name, stage]));
    this.route = createRouter(settings.api.resources);
    this.authorizerCache = new AuthorizerCache(settings.now);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { log, now } = this.settings;
    const receivedAt = now();
    const exchange = new Exchange(
      request,
      response,
      randomUUID(),
      randomBytes(11).toString('base64'),
      log,
      receivedAt,
      now,
    );
    try {
      await new Call(this, exchange, receivedAt).run();
    } catch (error) {
      exchange.explain(
        `sandbox error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (response.headersSent) response.destroy();
      else
        exchange.respond(500, [['Content-Type', 'application/json']], '{"message":"Internal server error"}');
    }
  }
}
