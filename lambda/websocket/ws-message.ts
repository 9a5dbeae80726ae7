import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { answer, type SessionDeps } from './session';
import { INTERNAL_ERROR_REPLY, type ServerReply } from './protocol';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoCheckStore } from '../checks/dynamo-check-store';
import { DynamoConnectionStore } from './dynamo-connection-store';
import type { WebSocketResult } from './ws-connect';

/**
 * Every route but $connect/$disconnect (subscribe, unsubscribe, ping, $default). API Gateway
 * picked the route from the body's `action`, which the session reads again, so the route key
 * is only logged. The routes return their response: the reply is this function's result, and
 * every failure is a reply in the contract's error shape, never a thrown error.
 */
export function createMessageHandler(
  deps: SessionDeps,
): (event: APIGatewayProxyWebsocketEventV2) => Promise<WebSocketResult> {
  return async (event) => {
    const { connectionId, routeKey } = event.requestContext;
    let reply: ServerReply;
    try {
      reply = await answer(deps, connectionId, event.body);
    } catch (error) {
      logger.error('Unexpected error', { connectionId, routeKey, error: error as Error });
      reply = INTERNAL_ERROR_REPLY;
    }
    if (reply.type === 'error') logger.info('Message refused', { connectionId, routeKey, code: reply.code });
    return { statusCode: 200, body: JSON.stringify(reply) };
  };
}

export const handler = createMessageHandler({
  connections: new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
  checks: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
});
