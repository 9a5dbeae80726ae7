import type { Suite, SuiteName } from '../suite';
import { connectionsSuite } from './connections';
import { costSuite } from './cost';
import { fanoutSuite } from './fanout';
import { functionsSuite } from './functions';
import { methodsSuite } from './methods';

/** Every suite by name; main.ts runs the `--only` names, in SUITE_ORDER. */
export const SUITES: Record<SuiteName, Suite<unknown>> = {
  functions: functionsSuite as Suite<unknown>,
  cost: costSuite as Suite<unknown>,
  methods: methodsSuite as Suite<unknown>,
  fanout: fanoutSuite as Suite<unknown>,
  connections: connectionsSuite as Suite<unknown>,
};
