import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { ConnectionStore } from './connections';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoConnectionStore } from './dynamo-connection-store';
import type { WebSocketResult } from './ws-connect';

/**
 * Forgets the connection and its subscriptions. $disconnect is best effort; what it misses,
 * the notifier's GoneException cleanup or the table's TTL removes.
 */
export function createDisconnectHandler(
  connections: ConnectionStore,
): (event: APIGatewayProxyWebsocketEventV2) => Promise<WebSocketResult> {
  return async (event) => {
    const { connectionId } = event.requestContext;
    await connections.remove(connectionId);
    logger.info('Disconnected', { connectionId });
    return { statusCode: 200 };
  };
}

export const handler = createDisconnectHandler(
  new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
);
