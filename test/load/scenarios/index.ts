import type { LoadScenario } from '../scenario';
import { pollingScenario } from './polling';
import { streamBurstScenario } from './stream-burst';
import { webhooksScenario } from './webhooks';
import { websocketScenario } from './websocket';
import { websocketDropsScenario } from './websocket-drops';

/** Every scenario, in the order the suite runs them. */
export const SCENARIOS: readonly LoadScenario[] = [
  websocketScenario,
  websocketDropsScenario,
  streamBurstScenario,
  webhooksScenario,
  pollingScenario,
];
