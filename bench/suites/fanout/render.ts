import { bytes, num, spread, table } from '../../report/format';
import { barChart, lineChart } from '../../report/svg-chart';
import { summarize } from '../../stats';
import type { BenchOptions, ReportSection } from '../../suite';
import type { DeliveryTiming } from './delivery-timing';
import { fanoutRatios, type PathName } from './ratios';
import { WARMUP_CHANGES } from './notifier-runs';
import { appSyncMarkdown } from './render-appsync';
import {
  capacityMarkdown,
  postCpuMarkdown,
  rateLimitMarkdown,
  secondCheckMarkdown,
} from './render-scenarios';
import { scalingRows } from './scaling';
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
      `${num(ratios.lastToDirect)}× / ${num(ratios.lastToRaw)}×`,
    ];
  });
}

function scalingTableRows(result: FanoutResult): string[][] {
  return scalingRows(result.sizes).map((row) => [
    num(row.subscribers),
    `${num(row.lastMs)} ms`,
    `${num(row.perSubscriberMicros)} µs`,
    row.perSubscriberToPrevious === undefined
      ? '–'
      : `${num(row.perSubscriberToPrevious)}× (${row.perSubscriberToPrevious <= 1 ? 'flat or falling' : 'rising'})`,
  ]);
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
    String(size.clientProcesses),
    num(size.sandboxDescriptors),
    `${num(size.subscribeMs / 1000)} s`,
    `${num(size.stepMs)} ms`,
    bytes(size.payloadBytes),
  ]);
  const markdown = [
    '## WebSocket fan-out',
    '',
    `One change of a check with N WebSocket subscribers (N = ${sizes.map((size) => num(size.subscribers)).join(', ')}; ` +
      `asked for ${options.fanout.map(num).join(', ')}), ${result.runs} runs per path and N, all in one run of the bench on one machine. ` +
      'Three paths carry the same CloudEvent to the same N connections: the real path (stream → notifier → `@connections`), ' +
      'a direct `@connections` client, and a bare `ws` broadcast (each described below the ratios).',
    '',
    ...capacityMarkdown(result),
    `### Ratios (target: notifier ≥ ${TARGET}× the direct client's deliveries/s at every N)`,
    '',
    'Medians of deliveries/s from the first delivery, the paths measured at the same N in the same run; the last column is the ' +
      'median time to the last delivery, notifier (from the commit) over direct and over bare ws (from their first send), ' +
      'so above 1 is slower.',
    '',
    table(
      [
        'N',
        'notifier / direct',
        `≥ ${TARGET}×`,
        'notifier / raw ws',
        'direct / raw ws',
        'time to last: / direct, / raw ws',
      ],
      ratioRows(result),
    ),
    '',
    '### Time to the last delivery against N',
    '',
    "The real path's median time from the commit to the last delivery, and that time per subscriber: when time grows no faster " +
      'than N, the per-subscriber time is flat or falls from one N to the next (target: from 5,000 up).',
    '',
    table(
      ['N', 'commit → last delivery', 'per subscriber', 'per subscriber / previous N'],
      scalingTableRows(result),
    ),
    '',
    ...postCpuMarkdown(result),
    ...rateLimitMarkdown(result),
    ...secondCheckMarkdown(result),
    ...appSyncMarkdown(result),
    '### The paths',
    '',
    `- **${PATH_LABELS.notifier}**: the real path. The worker commits a step; the sandbox polls the stream every ` +
      `${result.streamPollMs} ms (as Lambda does); the notifier Queries the subscribers and posts to ` +
      `\`@connections\` with \`NOTIFY_CONCURRENCY\` = ${result.notifyConcurrency ?? 'unknown'}. Its start is the change's commit time (the event's \`time\`). ` +
      `The first ${WARMUP_CHANGES} changes after the subscriptions are delivered but not timed: they run the functions' code cold, ` +
      'and the direct client has posted whole rounds before its timed ones.',
    `- **${PATH_LABELS.direct}**: the bench posts the same payload to \`@connections\` for the same connection ids ` +
      'from a process of its own, with keep-alive sockets and no SDK, at several concurrencies; the best median is kept. Its start is the first post.',
    `- **${PATH_LABELS.raw}**: a bare \`ws\` server in a process of its own writes the same payload to N clients of its own, the floor of any design. Its start is its first write.`,
    '',
    'The subscribers are spread over client processes of at most 10,000 connections each, each from a loopback source ' +
      'address of its own (127.0.0.2, 127.0.0.3, …), so no client process nears its descriptor limit and no source address ' +
      'runs out of ephemeral ports; every process reads the same wall clock.',
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
    `![${rateChart.title}](${rateChart.file})`,
    '',
    `![${lastChart.title}](${lastChart.file})`,
    '',
    'The direct client at each concurrency (deliveries/s from the first delivery; last `@connections` answer after the first post):',
    '',
    table(['N', 'concurrency', 'deliveries/s from first', 'last answer'], directRows(result)),
    '',
    'Setup, not measured as fan-out: opening the N connections (`$connect` and its authorizer, one Lambda invocation each), ' +
      'the client processes they were spread over, the most descriptors the sandbox held, subscribing them, the step interval of the check, the payload:',
    '',
    table(
      ['N', 'connect', 'client processes', 'sandbox descriptors', 'subscribe', 'step interval', 'payload'],
      setup,
    ),
    '',
  ].join('\n');
  return { markdown, charts: [rateChart, lastChart] };
}
