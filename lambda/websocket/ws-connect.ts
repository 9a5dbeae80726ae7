import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import { newConnection, type ConnectionStore } from './connections';
import { TENANT_PATTERN } from '../shared/tenant';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoConnectionStore } from './dynamo-connection-store';

/** $connect after the REQUEST authorizer, which puts the token's tenant in the context. */
export type ConnectEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { readonly authorizer?: { readonly tenant?: unknown } | null }
>;

export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

/** Records who opened the connection, so later messages know the tenant without a token. */
export function createConnectHandler(
  connections: ConnectionStore,
): (event: ConnectEvent) => Promise<WebSocketResult> {
  return async (event) => {
    const { connectionId, connectedAt } = event.requestContext;
    const tenant = event.requestContext.authorizer?.tenant;
    if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) {
      // Only reachable if the route lost its authorizer: refuse rather than store a tenantless connection.
      logger.warn('Connection without a tenant refused', { connectionId });
      return { statusCode: 401 };
    }
    await connections.add(newConnection(connectionId, tenant, new Date(connectedAt)));
    logger.info('Connected', { connectionId, tenant });
    return { statusCode: 200 };
  };
}

export const handler = createConnectHandler(
  new DynamoConnectionStore(documentClient, requireEnv('CONNECTIONS_TABLE_NAME')),
);
