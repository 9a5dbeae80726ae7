import type { RawData } from 'ws';
import type { Invoker } from '../../lambda/invoker';
import { newAwsId } from '../ids';
import { BINARY_UNSUPPORTED } from './close-reasons';
import { errorFrame, messageReply } from './integration-results';
import { invokeIntegration } from './invoke-integration';
import { messageEvent } from './lambda-events';
import type { LiveConnection } from './live-connection';
import type { WebSocketApiModel, WebSocketRouteModel } from './model';
import { selectRoute } from './route-selection';

export interface MessageDeps {
  readonly api: WebSocketApiModel;
  readonly routes: ReadonlyMap<string, WebSocketRouteModel>;
  readonly invoker: Invoker;
  readonly log: (line: string) => void;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * One message from a client: routed by the API's route selection expression, its function
 * invoked, and the route response or API Gateway's error frame sent back. Messages of one
 * connection run concurrently, as on AWS, which promises no order between them.
 */
export async function handleMessage(
  { api, routes, invoker, log }: MessageDeps,
  live: LiveConnection,
  data: RawData,
  isBinary: boolean,
): Promise<void> {
  if (!live.isOpen) return;
  if (isBinary) {
    live.close(BINARY_UNSUPPORTED);
    return;
  }
  live.touch();
  const body = toBuffer(data).toString('utf8');
  const requestId = newAwsId();
  const routeKey = selectRoute(api.routeSelectionExpression, body, routes.keys());
  const route = routeKey === undefined ? undefined : routes.get(routeKey);
  // The client may go while the function runs; API Gateway drops the reply then too.
  const reply = (text: string) => live.send(text).catch(() => undefined);
  if (route === undefined) {
    await reply(errorFrame('Forbidden', live.connectionId, requestId));
    return;
  }
  const event = messageEvent(
    live,
    { requestId, requestTimeEpoch: Date.now(), messageId: newAwsId(), routeKey: route.routeKey, body },
    live.authorizer,
  );
  const outcome = await invokeIntegration(invoker, route.functionArn, event, route.integrationTimeoutMs);
  if (outcome.ok === false)
    log(`Route ${route.routeKey} of ${live.connectionId} failed: ${outcome.error.errorMessage}`);
  const answer = messageReply(outcome, route.returnsResponse);
  if (answer.kind === 'send') await reply(answer.body);
  if (answer.kind === 'error') await reply(errorFrame(answer.message, live.connectionId, requestId));
}
