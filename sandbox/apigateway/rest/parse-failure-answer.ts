import { randomUUID } from 'node:crypto';
import {
  badRequest,
  forbidden,
  missingAuthenticationToken,
  requestTooLarge,
  type GatewayError,
} from '../gateway-errors';
import type { ParseFailure, RawAnswer } from '../parse-failures';
import { renderGatewayResponse } from './gateway-response';
import type { GatewayResponseModel, RestApiModel } from './model';

interface Refusal {
  readonly error: GatewayError;
  readonly responses: Readonly<Record<string, GatewayResponseModel>>;
  readonly stageVariables: Readonly<Record<string, string>> | null;
}

function refusalOf(api: RestApiModel, failure: ParseFailure): Refusal {
  const { gatewayResponses: responses } = api;
  switch (failure.kind) {
    case 'headers-too-large':
      return { error: requestTooLarge(), responses, stageVariables: null };
    case 'malformed':
      return { error: badRequest(), responses, stageVariables: null };
    case 'unknown-method': {
      const stage = api.stages.find(({ name }) => name === failure.target.split(/[/?]/)[1]);
      return stage === undefined
        ? { error: forbidden(), responses: {}, stageVariables: null }
        : { error: missingAuthenticationToken(), responses, stageVariables: stage.variables };
    }
  }
}

/**
 * What the API answers a request Node's parser refused, through its gateway responses as any
 * refusal of the gateway: oversized headers are REQUEST_TOO_LARGE (AWS documents the 10,240-byte
 * limit, not its answer), an unknown method in a stage is an unrouted one, outside every stage a
 * plain Forbidden. No header of the request is known, so header mappings from it render nothing.
 */
export function answerParseFailure(api: RestApiModel, failure: ParseFailure): RawAnswer {
  const { error, responses, stageVariables } = refusalOf(api, failure);
  const rendered = renderGatewayResponse(error, responses, {
    headers: {},
    query: null,
    path: null,
    stageVariables,
    context: {},
  });
  return { ...rendered, headers: { ...rendered.headers, 'x-amzn-RequestId': randomUUID() } };
}
