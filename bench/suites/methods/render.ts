import { barChart, lineChart } from '../../report/svg-chart';
import type { Summary } from '../../stats';
import { ratio } from '../../stats';
import type { BenchOptions, Chart, ReportSection } from '../../suite';
import {
  DELAY_ALLOWANCE_MS,
  REFERENCE_PAYLOAD,
  unavoidableWait,
  WIRE_TARGETS,
  wireOverhead,
} from './targets';
import { METHOD_LABELS, METHODS, type MethodFigures, type MethodsResult } from './types';

function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median / p95 / p99 (min–max)`, the spread every figure states. */
export function spread(summary: Summary | undefined, digits = 0): string {
  if (summary === undefined) return 'n/a';
  const f = (value: number) => num(value, digits);
  return `${f(summary.median)} / ${f(summary.p95)} / ${f(summary.p99)} (${f(summary.min)}–${f(summary.max)})`;
}

function times(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(2)}×`;
}

function verdict(value: number | undefined, limit: number): string {
  if (value === undefined) return 'n/a';
  return value <= limit ? 'met' : '**missed**';
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function ordered(runs: readonly MethodFigures[]): MethodFigures[] {
  return [...runs].sort(
    (a, b) => METHODS.indexOf(a.method) - METHODS.indexOf(b.method) || a.clients - b.clients,
  );
}

function delayTable(result: MethodsResult): string {
  const rows = ordered(result.runs).map((run) => {
    const wait = unavoidableWait(run.method, result);
    const target = wait.ms + DELAY_ALLOWANCE_MS;
    const p99 = run.delay?.p99;
    const share = p99 === undefined ? undefined : ratio(p99, target);
    return [
      METHOD_LABELS[run.method],
      num(run.clients),
      `${run.measuredVersions} × ${run.clients} = ${num(run.delay?.count ?? 0)}`,
      spread(run.delay),
      num(run.missed),
      `${num(wait.ms)} (${wait.why})`,
      wait.isTarget ? `≤ ${num(target)}` : 'shown beside',
      times(share),
      wait.isTarget ? verdict(share, 1) : '–',
      num(run.attachMs),
    ];
  });
  return table(
    [
      'method',
      'N',
      'measured (versions × clients)',
      'delay ms: median / p95 / p99 (min–max)',
      'missed',
      'unavoidable wait ms',
      'p99 target ms',
      'p99 ÷ target',
      'verdict',
      'attach ms',
    ],
    rows,
  );
}

function notifierTable(result: MethodsResult): string | undefined {
  const rows = ordered(result.runs)
    .filter((run) => run.notifierMs !== undefined)
    .map((run) => [
      num(run.clients),
      spread(run.notifierMs),
      num(result.streamPollMs),
      run.delay === undefined ? 'n/a' : num(run.delay.p99),
    ]);
  if (rows.length === 0) return undefined;
  return table(
    ['N', 'notifier ms per event: median / p95 / p99 (min–max)', 'stream wait ms', 'WebSocket p99 delay ms'],
    rows,
  );
}

function wireTable(result: MethodsResult): string {
  const rows = ordered(result.runs).map((run) => {
    const overhead = wireOverhead(run);
    return [
      METHOD_LABELS[run.method],
      num(run.clients),
      num(run.delivered),
      spread(run.wirePerUpdate, 1),
      spread(run.requestsPerUpdate, 2),
      num(run.requestRate, 1),
      overhead === undefined ? 'n/a' : num(overhead.payloadMean, 1),
      overhead === undefined ? 'n/a' : num(overhead.overhead, 1),
      times(overhead?.ratio),
      spread(run.setupBytes),
    ];
  });
  return table(
    [
      'method',
      'N',
      'delivered',
      'wire bytes per update: median / p95 / p99 (min–max) over clients',
      'requests per update',
      'requests/s, all clients',
      'payload bytes (mean)',
      'overhead bytes per update',
      'wire ÷ payload',
      'bytes to attach per client',
    ],
    rows,
  );
}

function wireTargetTable(result: MethodsResult): string {
  const rows: string[][] = [];
  for (const run of ordered(result.runs)) {
    const overhead = wireOverhead(run);
    if (overhead === undefined) continue;
    const target = WIRE_TARGETS[run.method];
    const websocket = result.runs.find(
      (other) => other.method === 'websocket' && other.clients === run.clients,
    );
    const wsOverhead = websocket === undefined ? undefined : wireOverhead(websocket);
    if (target !== undefined) {
      rows.push([
        METHOD_LABELS[run.method],
        num(run.clients),
        `${times(overhead.ratio)} at ${num(overhead.payloadMean)} B`,
        `${times(overhead.ratioAt100)} (derived)`,
        `≤ ${target}×`,
        verdict(overhead.ratioAt100, target),
      ]);
    } else if (run.method === 'long-poll' && wsOverhead !== undefined) {
      const atMeasured = ratio(overhead.wireMean, wsOverhead.wireMean);
      const at100 = ratio(REFERENCE_PAYLOAD + overhead.overhead, REFERENCE_PAYLOAD + wsOverhead.overhead);
      rows.push([
        METHOD_LABELS[run.method],
        num(run.clients),
        `${times(atMeasured)} WebSocket's bytes (check body ${num(overhead.payloadMean)} B vs CloudEvent ${num(wsOverhead.payloadMean)} B)`,
        `${times(at100)} WebSocket's (derived)`,
        'shown as a multiple of WebSocket',
        '–',
      ]);
    }
  }
  return table(
    [
      'method',
      'N',
      'measured: wire ÷ payload',
      `at a ${REFERENCE_PAYLOAD}-byte payload`,
      'target',
      'verdict',
    ],
    rows,
  );
}

function readsTable(result: MethodsResult): string {
  const rows = ordered(result.runs)
    .filter((run) => run.readsPerClientMinute !== undefined)
    .map((run) => {
      const reads = run.readsPerClientMinute as NonNullable<MethodFigures['readsPerClientMinute']>;
      const backoff = run.method === 'sse' ? result.sseBackoff : result.longPollBackoff;
      return [
        METHOD_LABELS[run.method],
        num(run.clients),
        num(reads.value, 1),
        `${num(reads.reads)} reads over ${num(reads.clientMinutes, 2)} client-minutes`,
        reads.source,
        num(60_000 / backoff.maxMs),
        run.rssPerHeldClientMb === undefined ? 'n/a' : num(run.rssPerHeldClientMb, 1),
      ];
    });
  return table(
    [
      'method',
      'N',
      'table reads per waiting client per minute (measured)',
      'from',
      'counted by',
      'reads per minute with no change (derived from the backoff ceiling)',
      'sandbox memory per held client, MB',
    ],
    rows,
  );
}

function charts(result: MethodsResult): Chart[] {
  const present = METHODS.filter((method) =>
    result.runs.some((run) => run.method === method && run.delay !== undefined),
  );
  const delaySeries = (pick: (summary: Summary) => number) =>
    present.map((method) => ({
      name: METHOD_LABELS[method],
      points: result.runs
        .filter((run) => run.method === method && run.delay !== undefined)
        .sort((a, b) => a.clients - b.clients)
        .map((run) => [run.clients, Math.max(1, pick(run.delay as Summary))] as const),
    }));
  const sizes = [...new Set(result.runs.map((run) => run.clients))].sort((a, b) => a - b);
  const wireMethods = METHODS.filter((method) => result.runs.some((run) => run.method === method));
  return [
    {
      file: 'methods-delay-p50.svg',
      title: 'Median delay from commit to arrival, per method',
      svg: lineChart({
        title: 'Median delay (p50) vs clients',
        xLabel: 'clients watching (N)',
        yLabel: 'ms',
        series: delaySeries((s) => s.median),
        logX: true,
        logY: true,
      }),
    },
    {
      file: 'methods-delay-p99.svg',
      title: 'p99 delay from commit to arrival, per method',
      svg: lineChart({
        title: 'p99 delay vs clients',
        xLabel: 'clients watching (N)',
        yLabel: 'ms',
        series: delaySeries((s) => s.p99),
        logX: true,
        logY: true,
      }),
    },
    {
      file: 'methods-wire-bytes.svg',
      title: 'Wire bytes per delivered update, per method',
      svg: barChart({
        title: 'Wire bytes per delivered update (mean over clients)',
        yLabel: 'bytes',
        categories: wireMethods.map((method) => METHOD_LABELS[method]),
        series: sizes.map((size) => ({
          name: `N = ${size}`,
          values: wireMethods.map(
            (method) =>
              result.runs.find((run) => run.method === method && run.clients === size)?.wirePerUpdate?.mean ??
              0,
          ),
        })),
        logY: true,
      }),
    },
  ];
}

export function renderMethods(result: MethodsResult, options: BenchOptions): ReportSection {
  const chartList = charts(result);
  const notifier = notifierTable(result);
  const skipped = result.skipped.map(
    (skip) => `- ${METHOD_LABELS[skip.method]}, N = ${num(skip.clients)}: not run. ${skip.why}.`,
  );
  const notes = ordered(result.runs).flatMap((run) =>
    run.notes.map((note) => `- ${METHOD_LABELS[run.method]}, N = ${num(run.clients)}: ${note}.`),
  );
  const concurrency = [
    ...new Set(result.runs.map((run) => `${METHOD_LABELS[run.method]} ${run.lambdaConcurrency}`)),
  ].join(', ');
  const markdown = [
    '## Methods side by side',
    '',
    `One check with K = ${result.updates} measured updates (the worker commits a step every ${result.stepMs} ms), watched by N clients ` +
      `(N = ${options.clients.join(', ')}) per method, each method on its own check and tenant, one method at a time. ` +
      `Delay is from the commit (the event's \`time\`, the check's \`updatedAt\`) to the moment the client knew that version or a newer one ` +
      '(a poller that skips a version learns of the change with the next one). Versions committed before every client was attached are not measured: ' +
      'the check runs a few extra steps first (one per started 60 clients, per started 10 for long polling and SSE, whose environments may still be starting); webhooks are subscribed and confirmed before their check exists, so they need none. ' +
      `One run per method and N; every figure gives its count and spread over clients (or client × version pairs) as median / p95 / p99 (min–max). Machine: ${result.machine.cpus} CPUs, ${num(result.machine.memoryGb, 1)} GB.`,
    '',
    `The sandbox polls the checks table's stream every ${result.streamPollMs} ms (\`--stream-poll-ms ${result.streamPollMs}\`, as Lambda polls each shard 4 times a second): ` +
      'that is the wait WebSocket and webhooks cannot avoid. Long polling reads the table at ' +
      `${result.longPollBackoff.initialMs} ms doubling to ${result.longPollBackoff.maxMs} ms, SSE at ${result.sseBackoff.initialMs} ms doubling to ${result.sseBackoff.maxMs} ms, ` +
      `restarting after each change (\`LONG_POLL_BACKOFF\`, \`SSE_BACKOFF\` in lambda/checks/): their unavoidable wait is the read interval in effect ${result.stepMs} ms after the last change. ` +
      `Lambda environments per function (\`--lambda-concurrency\`): ${concurrency}.`,
    '',
    '### Delay from commit to arrival',
    '',
    `Target: each push method's p99 ≤ its unavoidable wait + ${DELAY_ALLOWANCE_MS} ms; short polling shown beside. "attach ms" is the time from the run's start to every client attached.`,
    '',
    delayTable(result),
    '',
    ...(notifier === undefined
      ? []
      : [
          "Where WebSocket's time goes: after the stream wait, the notifier queries the check's subscribers and POSTs the event to each " +
            'through `@connections` (`NOTIFY_CONCURRENCY` at a time), in one invocation per event; its duration, from its REPORT lines, grows with N:',
          '',
          notifier,
          '',
        ]),
    '![Median delay](methods-delay-p50.svg)',
    '![p99 delay](methods-delay-p99.svg)',
    '',
    '### Requests and bytes on the wire per delivered update',
    '',
    "Counted at the client's sockets (`socket.bytesRead + bytesWritten`, both ways, HTTP headers, chunked encoding and WebSocket frames included) " +
      "from the moment it was attached to its end, over the messages it received in that time; webhooks are counted at the receiver's sockets, per request. " +
      'Requests are HTTP requests and WebSocket messages sent, attaching included. Payload is the message body: the CloudEvent for SSE, WebSocket and webhooks, the check for (long) polling.',
    '',
    wireTable(result),
    '',
    '![Wire bytes per update](methods-wire-bytes.svg)',
    '',
    `Targets at a ${REFERENCE_PAYLOAD}-byte update: WebSocket ≤ ${WIRE_TARGETS.websocket}×, SSE ≤ ${WIRE_TARGETS.sse}×. Our CloudEvents are larger, so the measured ratio is at their size; ` +
      `the ${REFERENCE_PAYLOAD}-byte figure is derived: the measured per-update overhead added to ${REFERENCE_PAYLOAD} bytes.`,
    '',
    wireTargetTable(result),
    '',
    '### Table reads of long polling and SSE',
    '',
    'Each waiting client holds an invocation that reads the table until the next change. Measured over the run (a change every ' +
      `${result.stepMs} ms, each restarting the backoff), per client-minute of waiting; the first read of each request or stream, which answers the current state, is left out.`,
    '',
    readsTable(result),
    ...(skipped.length > 0 ? ['', '### Sizes not run', '', ...skipped] : []),
    ...(notes.length > 0 ? ['', '### Notes from the runs', '', ...notes] : []),
    '',
  ].join('\n');
  return { markdown, charts: chartList };
}
