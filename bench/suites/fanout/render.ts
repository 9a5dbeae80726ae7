import { bytes, num, spread, table } from '../../report/format';
import { barChart, lineChart } from '../../report/svg-chart';
import { summarize } from '../../stats';
import type { BenchOptions, ReportSection } from '../../suite';
import type { DeliveryTiming } from './delivery-timing';
import { fanoutRatios, type PathName } from './ratios';
import type { FanoutResult, FanoutSize } from './result';

const PATH_LABELS: Record<PathName, string> = {
  notifier: 'stream → notifier → @connections → socket',
  direct: 'direct @connections client (best concurrency)',
  raw: 'bare ws broadcast',
};
/** The charts' legends are narrow. */
const SHORT_LABELS: Record<PathName, string> = {
  notifier: 'notifier (real path)',
  direct: 'direct @connections',
  raw: 'bare ws',
};
const PATHS: readonly PathName[] = ['notifier', 'direct', 'raw'];
const TARGET = 0.8;

function runsOf(size: FanoutSize, path: PathName): readonly DeliveryTiming[] {
  if (path === 'notifier') return size.notifier;
  if (path === 'raw') return size.raw;
  const best = size.direct.byConcurrency.find((entry) => entry.concurrency === size.direct.best);
  return best?.runs ?? [];
}

function startOf(path: PathName): string {
  return path === 'notifier' ? 'commit' : 'first send';
}

function pathRows(result: FanoutResult): string[][] {
  return result.sizes.flatMap((size) =>
    PATHS.map((path) => {
      const runs = runsOf(size, path);
      return [
        num(size.subscribers),
        PATH_LABELS[path] + (path === 'direct' ? ` (${size.direct.best})` : ''),
        spread(summarize(runs.map((run) => run.perSecondFromFirst))),
        spread(summarize(runs.map((run) => run.perSecondFromStart))),
        `${spread(summarize(runs.map((run) => run.lastMs)), 'ms')} from ${startOf(path)}`,
        spread(summarize(runs.map((run) => run.lastMs - run.firstMs)), 'ms'),
      ];
    }),
  );
}

function ratioRows(result: FanoutResult): string[][] {
  return result.sizes.map((size) => {
    const ratios = fanoutRatios(size);
    const range = (values: readonly number[]) =>
      values.length === 0 ? '–' : `${num(Math.min(...values))}–${num(Math.max(...values))}`;
    return [
      num(size.subscribers),
      `${num(ratios.notifierToDirect)}× (runs ${range(ratios.notifierToDirectByRun)})`,
      ratios.notifierToDirect === undefined ? '–' : ratios.notifierToDirect >= TARGET ? 'met' : 'missed',
      `${num(ratios.notifierToRaw)}×`,
      `${num(ratios.directToRaw)}×`,
    ];
  });
}

function directRows(result: FanoutResult): string[][] {
  return result.sizes.flatMap((size) =>
    size.direct.byConcurrency.map((entry) => [
      num(size.subscribers),
      String(entry.concurrency) + (entry.concurrency === size.direct.best ? ' (best)' : ''),
      spread(summarize(entry.runs.map((run) => run.perSecondFromFirst))),
      spread(summarize(entry.answeredMs), 'ms'),
    ]),
  );
}

function medianOf(runs: readonly DeliveryTiming[], pick: (run: DeliveryTiming) => number): number {
  return runs.length === 0 ? Number.NaN : summarize(runs.map(pick)).median;
}

export function renderFanout(result: FanoutResult, options: BenchOptions): ReportSection {
  const sizes = result.sizes;
  const rateChart = {
    file: 'fanout-deliveries.svg',
    title: 'Fan-out: deliveries per second from the first delivery (median)',
    svg: lineChart({
      title: 'Fan-out: deliveries/s from the first delivery (median)',
      xLabel: 'subscribers (N)',
      yLabel: 'deliveries/s',
      series: PATHS.map((path) => ({
        name: SHORT_LABELS[path],
        points: sizes.map(
          (size) =>
            [size.subscribers, medianOf(runsOf(size, path), (run) => run.perSecondFromFirst)] as const,
        ),
      })),
      logX: true,
      logY: true,
    }),
  };
  const lastChart = {
    file: 'fanout-time-to-last.svg',
    title: 'Fan-out: time to the last delivery (median)',
    svg: barChart({
      title: 'Fan-out: time to the last delivery (median, ms)',
      yLabel: 'ms from commit / first send',
      categories: sizes.map((size) => `N = ${num(size.subscribers)}`),
      series: PATHS.map((path) => ({
        name: SHORT_LABELS[path],
        values: sizes.map((size) => medianOf(runsOf(size, path), (run) => run.lastMs)),
      })),
      logY: true,
    }),
  };
  const setup = sizes.map((size) => [
    num(size.subscribers),
    `${num(size.connectMs / 1000)} s`,
    `${num(size.subscribeMs / 1000)} s`,
    `${num(size.stepMs)} ms`,
    bytes(size.payloadBytes),
  ]);
  const markdown = [
    '## WebSocket fan-out',
    '',
    `One change of a check with N WebSocket subscribers (N = ${options.fanout.map(num).join(', ')}), ` +
      `${result.runs} runs per path and N, all in one run of the bench on one machine. Three paths carry the same ` +
      'CloudEvent to the same N connections:',
    '',
    `- **${PATH_LABELS.notifier}**: the real path. The worker commits a step; the sandbox polls the stream every ` +
      `${result.streamPollMs} ms (as Lambda does); the notifier Queries the subscribers and posts to ` +
      `\`@connections\` with \`NOTIFY_CONCURRENCY\` = ${result.notifyConcurrency ?? 'unknown'}. Its start is the change's commit time (the event's \`time\`).`,
    `- **${PATH_LABELS.direct}**: the bench posts the same payload to \`@connections\` for the same connection ids ` +
      'from a process of its own, with keep-alive sockets and no SDK, at several concurrencies; the best median is kept. Its start is the first post.',
    `- **${PATH_LABELS.raw}**: a bare \`ws\` server in a process of its own writes the same payload to N clients of its own, the floor of any design. Its start is its first write.`,
    '',
    '"From first" is N / (last delivery − first delivery); "from start" is N / (last delivery − start). ' +
      'The ratios use deliveries/s from the first delivery: the time before it on the real path is the stream ' +
      "poll (0–250 ms, the same on AWS) and the notifier's Query, which are latency, not fan-out throughput, and which no ceiling has. " +
      'Every figure is the median (p95, p99, min–max, n = runs).',
    '',
    table(
      [
        'N',
        'path',
        'deliveries/s from first',
        'deliveries/s from start',
        'time to last delivery',
        'first → last',
      ],
      pathRows(result),
    ),
    '',
    `Ratios of the medians of deliveries/s from the first delivery (target: notifier ≥ ${TARGET}× the direct client):`,
    '',
    table(
      ['N', 'notifier / direct', `≥ ${TARGET}×`, 'notifier / raw ws', 'direct / raw ws'],
      ratioRows(result),
    ),
    '',
    `![${rateChart.title}](${rateChart.file})`,
    '',
    `![${lastChart.title}](${lastChart.file})`,
    '',
    'The direct client at each concurrency (deliveries/s from the first delivery; last `@connections` answer after the first post):',
    '',
    table(['N', 'concurrency', 'deliveries/s from first', 'last answer'], directRows(result)),
    '',
    'Setup, not measured as fan-out: opening the N connections (`$connect` and its authorizer, one Lambda invocation each), subscribing them, the step interval of the check, the payload:',
    '',
    table(['N', 'connect', 'subscribe', 'step interval', 'payload'], setup),
    '',
  ].join('\n');
  return { markdown, charts: [rateChart, lastChart] };
}
