import { bytes, num, spread, table } from '../../report/format';
import { barChart } from '../../report/svg-chart';
import { ratio, summarize } from '../../stats';
import type { BenchOptions, ReportSection } from '../../suite';
import type { ConnectionsResult, HeldMemory } from './result';

const TARGET = 1.25;

function bytesSpread(samples: readonly number[]): string {
  const summary = summarize(samples);
  return `${bytes(summary.median)} (p95 ${bytes(summary.p95)}, ${bytes(summary.min)}–${bytes(summary.max)}, n=${summary.count})`;
}

function steadiness(memory: HeldMemory): string {
  const word = (steady: boolean) => (steady ? 'yes' : 'no (45 s)');
  return `before ${word(memory.steady.before)}, after ${word(memory.steady.after)}`;
}

function perConnection(memory: HeldMemory): number {
  return summarize(memory.perConnectionBytes).median;
}

/** The sandbox's cost per connection over the bare server's, from the medians. */
export function connectionsRatio(result: ConnectionsResult): number | undefined {
  return ratio(perConnection(result.sandbox), perConnection(result.bare));
}

export function renderConnections(result: ConnectionsResult, _options: BenchOptions): ReportSection {
  const rows: [string, HeldMemory][] = [
    ['sandbox (Node: WebSocket server, `@connections`, Lambda workers)', result.sandbox],
    ['bare `ws` server', result.bare],
    ['DynamoDB Local (Java, apart)', result.dynamodb],
  ];
  const sandboxRatio = connectionsRatio(result);
  const chart = {
    file: 'connections-bytes.svg',
    title: 'Memory per idle WebSocket connection',
    svg: barChart({
      title: `Resident memory per idle connection, N = ${num(result.connections)} (median)`,
      yLabel: 'bytes per connection',
      categories: ['sandbox (Node)', 'bare ws', 'DynamoDB Local'],
      series: [{ name: 'RSS growth / N', values: rows.map(([, memory]) => perConnection(memory)) }],
    }),
  };
  const markdown = [
    '## WebSocket connections held',
    '',
    `Resident memory (RSS) of the process that holds the sockets, before and after it holds ` +
      `N = ${num(result.connections)} more idle WebSocket connections, in the same run: the sandbox's Node ` +
      'process against a bare `ws` server in a process of its own. Each side first opens ' +
      `${num(result.warmup)} connections and keeps them, so that the Lambda environments \`$connect\` uses exist, ` +
      'and have reached their working size, before the baseline. Before each reading the bench has the Node process ' +
      'collect its garbage, in every thread, through the inspector (SIGUSR1): an idle process keeps its garbage until it next allocates, ' +
      'by more than thousands of connections cost. RSS is then read once a second until five readings in a row agree within 0.5 % (at most 45 s). Per ' +
      'connection is (each sample after − median before) / N. The clients are in the bench process and do not count. ' +
      "DynamoDB Local (a Java child of the sandbox, which stores one item per connection) is reported apart and is not in the sandbox's figure.",
    '',
    table(
      ['holder', 'RSS before', 'RSS after', 'per connection', 'opening N', 'RSS steady'],
      rows.map(([label, memory]) => [
        label,
        bytesSpread(memory.beforeBytes),
        bytesSpread(memory.afterBytes),
        spread(summarize(memory.perConnectionBytes), 'B'),
        `${num(memory.connectMs / 1000)} s`,
        steadiness(memory),
      ]),
    ),
    '',
    `Sandbox over bare \`ws\`, per connection: **${num(sandboxRatio)}×** (target ≤ ${TARGET}×: ` +
      `${sandboxRatio === undefined ? 'not measured' : sandboxRatio <= TARGET ? 'met' : 'missed'}).`,
    '',
    `![${chart.title}](${chart.file})`,
    '',
  ].join('\n');
  return { markdown, charts: [chart] };
}
