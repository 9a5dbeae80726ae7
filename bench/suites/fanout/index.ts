import type { Suite } from '../../suite';
import { renderFanout } from './render';
import type { FanoutResult } from './result';
import { runFanout } from './run-fanout';

export type { FanoutResult } from './result';

/** One change of a check fanned out to N WebSocket subscribers, against two ceilings. */
export const fanoutSuite: Suite<FanoutResult> = {
  name: 'fanout',
  title: 'WebSocket fan-out',
  run: runFanout,
  render: renderFanout,
};
