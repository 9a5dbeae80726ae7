import type { ApiEndpoints, DemoConfig } from '../src/contract';
import { startRestrictiveProxy, type RestrictiveProxy } from './restrictive-proxy';

export interface DemoProxies {
  readonly endpoints: DemoConfig['proxies'];
  stop(): Promise<void>;
}

function endpointsOf(proxy: RestrictiveProxy): ApiEndpoints {
  return { restUrl: proxy.restUrl, wsUrl: proxy.wsUrl };
}

/**
 * The two restrictive proxies the page's falling-back client can go through: one refuses
 * WebSocket upgrades, the other also buffers SSE. A failed start leaves none running.
 */
export async function startDemoProxies(apis: ApiEndpoints, host: string): Promise<DemoProxies> {
  const start = (bufferEventStreams: boolean) =>
    startRestrictiveProxy({ ...apis, blockWebSocket: true, bufferEventStreams, host, port: 0 });
  const blocked = await start(false);
  let blockedBuffered: RestrictiveProxy;
  try {
    blockedBuffered = await start(true);
  } catch (error) {
    await blocked.stop();
    throw error;
  }
  return {
    endpoints: {
      webSocketBlocked: endpointsOf(blocked),
      webSocketBlockedSseBuffered: endpointsOf(blockedBuffered),
    },
    stop: async () => {
      await Promise.all([blocked.stop(), blockedBuffered.stop()]);
    },
  };
}
