import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { TokenBucket } from '../../../../sandbox/apigateway/token-bucket';
import type { ConnectionSummary } from '../../../../sandbox/apigateway/websocket/connection-registry';
import { ADMIN_HEADERS, startHarness, type Harness } from './support/harness';
import { collectMessages, waitFor } from './support/wait';

let harness: Harness;
let client: ApiGatewayManagementApiClient;
let time: number;

beforeEach(async () => {
  time = 0;
  // Stopped unless a test moves it: no refill happens behind the test's back.
  const accountThrottle = new TokenBucket({ ratePerSecond: 1, burst: 2 }, () => time);
  harness = await startHarness({ accountThrottle });
  // One attempt: the SDK would otherwise retry the 429 itself.
  client = new ApiGatewayManagementApiClient({
    endpoint: harness.server.callbackUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await harness.stop();
});

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('Expected the call to fail');
}

const post = (connectionId: string, data: string) =>
  client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));

describe("@connections over the account's throttle", () => {
  it('answers 429 LimitExceededException past the burst, delivers nothing, and counts it', async () => {
    const socket = await harness.connect('tenant-a');
    const connectionId = harness.lastConnectionId();
    const received = collectMessages(socket);
    await post(connectionId, 'one');
    await post(connectionId, 'two');
    const error = await rejection(post(connectionId, 'three'));
    expect(error.name).toBe('LimitExceededException');
    expect(error.message).toBe('Too Many Requests');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(429);
    await waitFor('two messages', () => (received.length === 2 ? received : undefined));
    const listed = (await (
      await fetch(harness.server.adminUrl, { headers: ADMIN_HEADERS })
    ).json()) as ConnectionSummary[];
    expect(listed).toEqual([expect.objectContaining({ connectionId, postsDelivered: 2, postsThrottled: 1 })]);
    expect(received).toEqual(['one', 'two']);
  });

  it('throttles GET too, lets a request through per token refilled, and charges nothing for an unsigned one', async () => {
    await harness.connect('tenant-a');
    const connectionId = harness.lastConnectionId();
    await post(connectionId, 'one');
    await post(connectionId, 'two');
    const url = `${harness.server.callbackUrl}/@connections/${encodeURIComponent(connectionId)}`;
    const signed = await rejection(client.send(new GetConnectionCommand({ ConnectionId: connectionId })));
    expect(signed.name).toBe('LimitExceededException');
    time += 999;
    expect((await rejection(post(connectionId, 'early'))).name).toBe('LimitExceededException');
    time += 1;
    await post(connectionId, 'refilled');
    // An unsigned request is refused for its signature before it draws from the budget.
    const unsigned = await fetch(url, { method: 'POST', body: 'forged' });
    expect(unsigned.status).toBe(403);
    time += 1_000;
    await post(connectionId, 'again');
    const raw = await fetch(url, { method: 'DELETE' });
    expect(raw.status).toBe(403);
  });
});
