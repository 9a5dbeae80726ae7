import type { LoadScenario } from '../scenario';
import { pollingScenario } from './polling';
import { webhooksScenario } from './webhooks';

/** Every scenario, in the order the suite runs them. */
export const SCENARIOS: readonly LoadScenario[] = [webhooksScenario, pollingScenario];
