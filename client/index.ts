export { watchCheck } from './watch-check';
export { WatchError } from './errors';
export type * from './types';
