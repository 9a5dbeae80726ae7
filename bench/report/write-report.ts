import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, type Machine } from '../machine';
import type { BenchOptions, ReportSection, SuiteName } from '../suite';
import { table } from './format';

export interface SuiteOutcome {
  readonly name: SuiteName;
  readonly title: string;
  readonly seconds: number;
  readonly result?: unknown;
  readonly section?: ReportSection;
  readonly error?: string;
}

export interface Report {
  readonly machine: Machine;
  readonly options: BenchOptions;
  readonly command: string;
  readonly outcomes: readonly SuiteOutcome[];
}

function header(report: Report): string {
  const { machine, options } = report;
  const rows: Array<[string, string]> = [
    ['date', machine.date],
    ['machine', machineLine(machine)],
    ['command', `\`${report.command}\``],
    ['sizes', options.full ? 'full' : 'quick'],
    ['clients per method', options.clients.join(', ')],
    ['updates per check', String(options.updates)],
    ['fan-out sizes', options.fanout.join(', ')],
    ['idle connections', String(options.idleConnections)],
    ['runs', String(options.runs)],
    ['suites', options.only.join(', ')],
  ];
  const suites = report.outcomes.map(
    (o) => `- ${o.title}: ${o.error === undefined ? 'done' : '**failed**'} in ${o.seconds.toFixed(1)} s`,
  );
  return [
    '# Benchmark report',
    'Measured against the local sandbox on the machine below, not on AWS; every ratio compares figures of this same run. Raw figures: [results.json](results.json).',
    table(['', ''], rows),
    suites.join('\n'),
  ].join('\n\n');
}

function section(outcome: SuiteOutcome): string {
  if (outcome.error !== undefined)
    return `## ${outcome.title}\n\n**This suite failed:**\n\n\`\`\`\n${outcome.error}\n\`\`\``;
  return outcome.section?.markdown ?? '';
}

/** Writes report.md, results.json and every chart into `options.outDir`; returns the report's path. */
export function writeReport(report: Report): string {
  const dir = report.options.outDir;
  mkdirSync(dir, { recursive: true });
  for (const chart of report.outcomes.flatMap((o) => o.section?.charts ?? [])) {
    writeFileSync(join(dir, chart.file), chart.svg);
  }
  const json = {
    machine: report.machine,
    options: report.options,
    command: report.command,
    suites: Object.fromEntries(
      report.outcomes.map((o) => [o.name, { seconds: o.seconds, error: o.error, result: o.result }]),
    ),
  };
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  const file = join(dir, 'report.md');
  writeFileSync(file, `${[header(report), ...report.outcomes.map(section)].join('\n\n')}\n`);
  return file;
}
