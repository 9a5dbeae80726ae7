import {
  PostToConnectionCommand,
  type ApiGatewayManagementApiClient,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { GoneConnectionError, type ConnectionPoster } from './connections';

/** Posts through the WebSocket API's `@connections` endpoint. */
export class ApiGatewayConnectionPoster implements ConnectionPoster {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async post(connectionId: string, data: string): Promise<void> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
    } catch (error) {
      // Matched by name, not class: the runtime's SDK copy may differ from the bundled one.
      if ((error as Error).name === 'GoneException') {
        throw new GoneConnectionError(`Connection ${connectionId} is gone`);
      }
      throw error;
    }
  }
}
