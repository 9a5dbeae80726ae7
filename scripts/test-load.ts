/**
 * The load and fault suite, with exact accounting of every version every client received:
 *   npm run test:load                          quick sizes, against a sandbox it starts
 *   npm run test:load -- --full                the sizes the README quotes
 *   npm run test:load -- --endpoints .sandbox/endpoints.json   against a running sandbox
 *   npm run test:load -- --only websocket,webhooks
 * It prints each scenario's figures and exits 1 on any loss.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isLoss } from '../test/load/ledger';
import type { LoadScenario, LoadSize, LoadTarget, ScenarioResult } from '../test/load/scenario';
import { SCENARIOS } from '../test/load/scenarios';
import { loadTargetOf } from '../test/load/target';
import { spawnSandbox, stopOnExit, stopSpawnedSandbox } from './sandbox-process';

const USAGE = 'Usage: npm run test:load -- [--full] [--endpoints <endpoints.json>] [--only <scenario,...>]';

/** Enough Lambda environments for thousands of clients; the default suits one person. */
const LAMBDA_CONCURRENCY = 20;

interface Options {
  readonly size: LoadSize;
  readonly endpoints: string | undefined;
  readonly only: readonly string[] | undefined;
}

function optionsOf(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      full: { type: 'boolean', default: false },
      endpoints: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stderr.write(`${USAGE}\nScenarios: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}\n`);
    process.exit(0);
  }
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`Unknown scenario ${unknown.join(', ')}: use ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return { size: values.full ? 'full' : 'quick', endpoints: values.endpoints, only };
}

function printResult(name: string, result: ScenarioResult, seconds: number): void {
  const rows: [string, string | number][] = [...Object.entries(result.figures), ['seconds', seconds]];
  if (result.ledger !== undefined) rows.push(...Object.entries(result.ledger));
  const width = Math.max(...rows.map(([key]) => key.length));
  const lost = result.problems.length > 0 || (result.ledger !== undefined && isLoss(result.ledger));
  console.log(`\n${lost ? 'FAIL' : 'ok  '} ${name}`);
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
  for (const problem of result.problems) console.log(`  ! ${problem}`);
}

function chosenScenarios(options: Options): LoadScenario[] {
  return SCENARIOS.filter((scenario) => options.only?.includes(scenario.name) ?? true);
}

/** The sandbox's options: as many Lambda environments as the most demanding chosen scenario needs. */
function sandboxArgsFor(options: Options): string[] {
  const needs = chosenScenarios(options).map((scenario) => scenario.lambdaConcurrency?.(options.size) ?? 0);
  return ['--lambda-concurrency', String(Math.max(LAMBDA_CONCURRENCY, ...needs))];
}

async function runAll(target: LoadTarget, options: Options): Promise<boolean> {
  let passed = true;
  for (const scenario of chosenScenarios(options)) {
    console.log(`\n${scenario.name}: ${scenario.description}`);
    const started = Date.now();
    const tenant = `load-${scenario.name}-${randomBytes(4).toString('hex')}`;
    let result: ScenarioResult;
    try {
      result = await scenario.run({
        target,
        size: options.size,
        tenant,
        log: (line) => process.stderr.write(`  [${scenario.name}] ${line}\n`),
      });
    } catch (error) {
      result = { figures: {}, problems: [`the scenario failed: ${(error as Error).stack ?? String(error)}`] };
    }
    printResult(scenario.name, result, Math.round((Date.now() - started) / 100) / 10);
    if (result.problems.length > 0 || (result.ledger !== undefined && isLoss(result.ledger))) passed = false;
  }
  console.log(`\nload suite (${options.size}): ${passed ? 'nothing lost' : 'FAILED'}`);
  return passed;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = optionsOf(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (options.endpoints !== undefined)
    return (await runAll(loadTargetOf(options.endpoints), options)) ? 0 : 1;
  process.stderr.write('Starting a sandbox for the load suite…\n');
  const sandbox = await spawnSandbox(process.cwd(), { logName: 'load.log', args: sandboxArgsFor(options) });
  const release = stopOnExit(sandbox);
  try {
    return (await runAll(loadTargetOf(sandbox.endpointsFile), options)) ? 0 : 1;
  } finally {
    release();
    await stopSpawnedSandbox(sandbox);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
