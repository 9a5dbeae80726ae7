import { join } from 'node:path';
import type { BenchOptions, SuiteName } from './suite';

/** The order suites run in, and every name `--only` accepts. */
export const SUITE_ORDER: readonly SuiteName[] = ['functions', 'cost', 'methods', 'fanout', 'connections'];

const QUICK = {
  clients: [1, 10, 100],
  updates: 5,
  fanout: [1000, 5000, 20000],
  idleConnections: 2000,
  runs: 3,
};
const FULL = {
  clients: [1, 10, 100, 1000],
  updates: 10,
  fanout: [1000, 5000, 20000, 50000],
  idleConnections: 10000,
  runs: 5,
};

export const USAGE = `Usage: npm run bench -- [options]

Runs the benchmarks against a sandbox of their own and writes
bench/results/<YYYY-MM-DD>/report.md, results.json and the charts (SVG);
a later run the same day (UTC) overwrites them.

  --full                   the larger sizes (clients ${FULL.clients.join(',')}, updates ${FULL.updates},
                           fanout ${FULL.fanout.join(',')}, idle ${FULL.idleConnections}, runs ${FULL.runs})
  --clients 1,10,100       clients watching one check, per method
  --updates K              updates per check
  --fanout 1000,5000       WebSocket subscribers of one check (a size above what the
                           sandbox's file-descriptor limit holds is measured at that limit)
  --idle-connections N     idle WebSocket connections for the memory measurement
  --runs R                 repetitions of each repeated measurement
  --only functions,cost    suites to run, from: ${SUITE_ORDER.join(', ')}
  --out DIR                where to write (default bench/results/<YYYY-MM-DD>, UTC)
  --help                   this text

Defaults (quick): clients ${QUICK.clients.join(',')}, updates ${QUICK.updates}, fanout ${QUICK.fanout.join(',')}, idle ${QUICK.idleConnections}, runs ${QUICK.runs}.`;

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: BenchOptions };

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${flag} takes a positive whole number, not '${text}'`);
  }
  return value;
}

function integerList(flag: string, text: string): number[] {
  return text.split(',').map((part) => positiveInteger(flag, part.trim()));
}

function suiteList(text: string): SuiteName[] {
  const names = text.split(',').map((part) => part.trim());
  const unknown = names.filter((name) => !SUITE_ORDER.includes(name as SuiteName));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown suite ${unknown.join(', ')}; choose from ${SUITE_ORDER.join(', ')}`);
  }
  return SUITE_ORDER.filter((name) => names.includes(name));
}

/** `2026-11-23`, the UTC date: one folder per day, which a later run that day overwrites. */
export function runDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Parses `npm run bench -- …`; `--full` sets the defaults that later flags may override. */
export function parseOptions(argv: readonly string[], projectDir: string, now: Date): ParsedArgs {
  const flags = new Map<string, string>();
  let full = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--full') {
      full = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (
      !['--clients', '--updates', '--fanout', '--idle-connections', '--runs', '--only', '--out'].includes(
        flag,
      )
    ) {
      throw new Error(`Unknown option '${arg}' (see --help)`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    flags.set(flag, value);
  }
  const defaults = full ? FULL : QUICK;
  const get = <T>(flag: string, parse: (text: string) => T, fallback: T): T => {
    const text = flags.get(flag);
    return text === undefined ? fallback : parse(text);
  };
  return {
    help: false,
    options: {
      full,
      clients: get('--clients', (t) => integerList('--clients', t), defaults.clients),
      updates: get('--updates', (t) => positiveInteger('--updates', t), defaults.updates),
      fanout: get('--fanout', (t) => integerList('--fanout', t), defaults.fanout),
      idleConnections: get(
        '--idle-connections',
        (t) => positiveInteger('--idle-connections', t),
        defaults.idleConnections,
      ),
      runs: get('--runs', (t) => positiveInteger('--runs', t), defaults.runs),
      only: get('--only', suiteList, SUITE_ORDER),
      outDir: get('--out', (t) => t, join(projectDir, 'bench', 'results', runDate(now))),
    },
  };
}
