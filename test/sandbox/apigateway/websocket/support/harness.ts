import { WebSocket, type ClientOptions } from 'ws';
import {
  startWebSocketApi,
  type RunningWebSocketApi,
  type WebSocketApiModel,
  type WebSocketLimits,
} from '../../../../../sandbox/apigateway/websocket';
import { SANDBOX_CREDENTIALS, SANDBOX_SESSION_TOKEN } from '../../../../../sandbox/platform/aws-environment';
import type { TokenBucket } from '../../../../../sandbox/apigateway/token-bucket';
import { FakeInvoker, failed, ok } from './fake-invoker';
import { AUTHORIZER, MESSAGES, realtimeWebSocketApi } from './realtime-api';

export interface Harness {
  readonly server: RunningWebSocketApi;
  readonly invoker: FakeInvoker;
  readonly logs: string[];
  /** Opens a client with `?token=`; resolves once the upgrade succeeded. */
  connect(token: string, options?: ClientOptions, protocols?: string[]): Promise<WebSocket>;
  /** The HTTP status that refused the upgrade. */
  refusal(query: string): Promise<number>;
  /** The connection id the last `$connect` event named. */
  lastConnectionId(): string;
  stop(): Promise<void>;
}

/**
 * The authorizer of the template, faked: `tenant-*` tokens are allowed for the whole stage with
 * the tenant in the context, `deny` gets an explicit Deny, anything else is `Unauthorized`.
 * The message function echoes the body and the route it came by.
 */
function fakeFunctions(): FakeInvoker {
  return new FakeInvoker()
    .on(AUTHORIZER, (event) => {
      const token = (event.queryStringParameters as Record<string, string>).token;
      const stage = String(event.methodArn).replace(/\/\$connect$/, '/*');
      if (token === 'deny') {
        return ok({
          principalId: 'nobody',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: stage }],
          },
        });
      }
      if (!token.startsWith('tenant-')) return failed('Unauthorized');
      return ok({
        principalId: token,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stage }],
        },
        context: { tenant: token, tier: 2 },
      });
    })
    .on(MESSAGES, (event) => {
      const { routeKey } = event.requestContext as { routeKey: string };
      return ok({ statusCode: 200, body: JSON.stringify({ routeKey, body: event.body }) });
    });
}

/** What the harness's admin API takes as `Authorization: Bearer`. */
export const ADMIN_SECRET = 'harness-admin-secret';
export const ADMIN_HEADERS = { Authorization: `Bearer ${ADMIN_SECRET}` };

/** What the sandbox gives its APIs: the functions' identity for `@connections`, a secret for the admin API. */
export const SANDBOX_API_OPTIONS = {
  connectionsCaller: { ...SANDBOX_CREDENTIALS, sessionToken: SANDBOX_SESSION_TOKEN },
  adminSecret: ADMIN_SECRET,
};

export async function startHarness(
  options: {
    readonly limits?: Partial<WebSocketLimits>;
    readonly api?: WebSocketApiModel;
    readonly accountThrottle?: TokenBucket;
  } = {},
): Promise<Harness> {
  const invoker = fakeFunctions();
  const logs: string[] = [];
  const server = await startWebSocketApi(options.api ?? realtimeWebSocketApi(), {
    invoker,
    host: '127.0.0.1',
    port: 0,
    ...SANDBOX_API_OPTIONS,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.accountThrottle === undefined ? {} : { accountThrottle: options.accountThrottle }),
    log: (line) => logs.push(line),
  });
  const clients: WebSocket[] = [];
  return {
    server,
    invoker,
    logs,
    connect(token, clientOptions, protocols) {
      const client = new WebSocket(
        `${server.url}?token=${encodeURIComponent(token)}`,
        protocols ?? [],
        clientOptions,
      );
      clients.push(client);
      return new Promise((resolve, reject) => {
        client.once('open', () => resolve(client));
        client.once('error', reject);
      });
    },
    refusal(query) {
      const client = new WebSocket(`${server.url}${query}`);
      return new Promise((resolve, reject) => {
        client.once('open', () => reject(new Error('The upgrade was accepted')));
        client.once('error', (error) => {
          const status = /Unexpected server response: (\d+)/.exec(error.message);
          if (status === null) reject(error);
          else resolve(Number(status[1]));
        });
      });
    },
    lastConnectionId() {
      const connects = invoker.calls.filter(
        ({ event }) =>
          (event.requestContext as { eventType?: string } | undefined)?.eventType === 'CONNECT' &&
          !('type' in event),
      );
      const last = connects.at(-1);
      if (last === undefined) throw new Error('No $connect yet');
      return (last.event.requestContext as { connectionId: string }).connectionId;
    },
    async stop() {
      for (const client of clients) client.terminate();
      await server.stop();
    },
  };
}
