import type { LoadScenario } from '../scenario';

/** Every scenario, in the order the suite runs them. */
export const SCENARIOS: readonly LoadScenario[] = [];
