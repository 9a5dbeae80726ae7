import { startRestApi, type RunningRestApi } from '../../../../sandbox/apigateway/rest';
import { TokenBucket } from '../../../../sandbox/apigateway/token-bucket';
import type { FakeInvoker } from './support/fake-invoker';
import { authorized, invokerWithAuthorizer } from './support/product-functions';
import { templateApi } from './support/template-api';

describe("the REST API over the account's throttle", () => {
  const { api } = templateApi();
  let invoker: FakeInvoker;
  let server: RunningRestApi;
  let time = 0;

  beforeAll(async () => {
    invoker = invokerWithAuthorizer();
    server = await startRestApi(api, {
      invoker,
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
      accountThrottle: new TokenBucket({ ratePerSecond: 1, burst: 1 }, () => time),
    });
  });

  afterAll(() => server.stop());

  it('answers 429 THROTTLED through the gateway responses, without invoking, until a token refills', async () => {
    const get = () => fetch(`${server.url}checks/abc`, { headers: authorized });
    expect((await get()).status).not.toBe(429);
    const invocations = invoker.calls.length;
    const throttled = await get();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(throttled.headers.get('access-control-allow-origin')).toBe('*');
    expect(await throttled.json()).toEqual({ error: { code: 'THROTTLED', message: 'Too Many Requests' } });
    expect(invoker.calls.length).toBe(invocations);
    time += 1_000;
    expect((await get()).status).not.toBe(429);
  });
});
