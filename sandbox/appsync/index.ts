/**
 * AWS AppSync Event APIs, read from the template: `registerEventApis` before the functions'
 * environments resolve (they may name `Dns.Http`), `readEventApis` once the functions are
 * registered (the Lambda authorizer is one), then `startEventApi` for each.
 */
export { readEventApis } from './read-apis';
export { registerEventApis } from './register-apis';
export { startEventApi, type EventApiOptions, type RunningEventApi } from './server';
export type { EventApiModel, RegisteredEventApi } from './model';
