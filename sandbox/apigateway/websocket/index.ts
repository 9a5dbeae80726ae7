/**
 * API Gateway WebSocket APIs, read from the template: `registerWebSocketApis` before the
 * functions' environments resolve (they may name an API's callback URL), `readWebSocketApis`
 * once they are registered (routes name their ARNs), then `startWebSocketApi` for each stage.
 */
export { readWebSocketApis } from './read-apis';
export { registerWebSocketApis } from './register-apis';
export { startWebSocketApi, type RunningWebSocketApi, type WebSocketApiOptions } from './server';
export type { WebSocketApiModel, WebSocketLimits } from './model';
