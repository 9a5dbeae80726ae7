/**
 * API Gateway REST APIs (v1), read from the template: `registerRestApis` before the functions'
 * environments resolve (they may name an API's URL), `readRestApis` once they are registered
 * (integrations name their ARNs), then `startRestApi` for each API.
 */
export { readRestApis } from './read-apis';
export { registerRestApis } from './register-apis';
export { startRestApi, type RestApiOptions, type RunningRestApi } from './server';
export type { RestApiModel } from './model';
