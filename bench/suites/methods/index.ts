import type { Suite } from '../../suite';
import { renderMethods } from './render';
import { runMethods } from './run';
import type { MethodsResult } from './types';

export type { MethodsResult } from './types';

/** Every method side by side: delay, requests and bytes per update, and table reads, for one check watched by N clients. */
export const methodsSuite: Suite<MethodsResult> = {
  name: 'methods',
  title: 'Methods side by side',
  run: runMethods,
  render: renderMethods,
};
