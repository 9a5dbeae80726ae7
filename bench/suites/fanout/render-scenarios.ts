import { count, num, spread, table } from '../../report/format';
import type { Summary } from '../../stats';
import { postCpuFigures } from './post-cpu-figures';
import type { FanoutResult, LimitKind } from './result';
import { rateLimitFigures, secondCheckFigures } from './scenario-figures';

const range = (values: readonly number[]) =>
  values.length === 0 ? '–' : `${num(Math.min(...values))}–${num(Math.max(...values))}`;
const stated = (summary: Summary | undefined, unit: string) =>
  summary === undefined ? 'no sample' : spread(summary, unit);

/** CPU per post: the lean poster the notifier uses against the SDK client. */
export function postCpuMarkdown(result: FanoutResult): string[] {
  const { postCpu } = result;
  const figures = postCpuFigures(postCpu);
  return [
    '### CPU per post: lean poster against the SDK client',
    '',
    `Each client posts ${num(postCpu.posts)} times (${postCpu.concurrency} in flight, the notifier's concurrency, after a warm-up) ` +
      'to a local keep-alive HTTP server that answers 200 at once, in a fresh Node process per run, the two clients ' +
      "interleaved; the figure is that process's `process.cpuUsage()` (user + system) over the posts, divided by the " +
      'posts. The lean poster is `lambda/websocket/signed-connection-poster.ts`; the SDK client is ' +
      '`@aws-sdk/client-apigatewaymanagementapi` `PostToConnectionCommand`. Both sign with SigV4 and send the same request.',
    '',
    table(
      ['lean / SDK', 'lean poster', 'SDK client'],
      [
        [
          `${num(figures.leanToSdk)}× (runs ${range(figures.leanToSdkByRun)})`,
          spread(figures.lean, 'µs/post'),
          spread(figures.sdk, 'µs/post'),
        ],
      ],
    ),
    '',
  ];
}

const LIMIT_LABELS: Record<LimitKind, string> = {
  'aws-default': "AWS's default",
  'below-the-path': 'half the unlimited path',
};

/** The notifier path with the sandbox's `@connections` rate limit at AWS's default, below the path, and off. */
export function rateLimitMarkdown(result: FanoutResult): string[] {
  const scenario = result.rateLimit;
  const heading = ['### Rate limit on `@connections`', ''];
  if (!scenario.measured) return [...heading, `Not measured: ${scenario.reason}.`, ''];
  const rows = scenario.limits.flatMap((limited) => {
    const figures = rateLimitFigures(scenario.subscribers, scenario.off, limited);
    if (figures === undefined) return [];
    const lost = figures.expected - figures.delivered;
    return [
      [
        `${LIMIT_LABELS[figures.kind]}: \`--connections-rate-limit ${figures.ratePerSecond} --connections-burst-limit ${figures.burst}\``,
        `${num(figures.onToCeiling)}× of ${num(figures.ratePerSecond)}/s`,
        `${num(figures.onToOff)}×`,
        spread(figures.on, '/s'),
        spread(figures.off, '/s'),
        `${count(figures.delivered)} of ${count(figures.expected)} (${lost === 0 ? 'none lost' : `${count(lost)} lost`})`,
        figures.throttled === undefined ? 'not counted by the sandbox' : count(figures.throttled),
      ],
    ];
  });
  if (rows.length === 0) return [...heading, 'Not measured: no change was timed.', ''];
  return [
    ...heading,
    `The notifier path at N = ${num(scenario.subscribers)}, through a sandbox of its own for each limit, against the main sandbox ` +
      `with the limit off (${result.sandboxArgs.length === 0 ? 'no limit emulated' : `\`${result.sandboxArgs.join(' ')}\``}). ` +
      "The first limit is AWS's account default, the ceiling a deployment meets; the second is half what the path sustained " +
      'unlimited in this run (burst in the same ratio), so that it is hit whatever this machine can do: a throttled post ' +
      "gets 429 and the poster retries it with backoff. Deliveries/s from the first delivery; every subscriber's receipt of " +
      'every change through a limited sandbox is counted (distinct subscribers).',
    '',
    table(
      ['limit', 'limited / ceiling', 'limited / off', 'limited', 'off', 'delivered', 'posts answered 429'],
      rows,
    ),
    '',
  ];
}

/** A second check's delay while the big check's change is in flight, per N. */
export function secondCheckMarkdown(result: FanoutResult): string[] {
  const heading = ['### A second check while a big change is in flight', ''];
  if (result.sizes.length === 0) return [...heading, 'Not measured: no size was measured.', ''];
  const subscribers = result.sizes[0].secondCheck.subscribers;
  const rows = result.sizes.map((size) => {
    const figures = secondCheckFigures(size.secondCheck);
    return [
      num(size.subscribers),
      `${num(figures.inFlightToBaseline)}×`,
      stated(figures.inFlight, 'ms'),
      stated(figures.between, 'ms'),
      stated(figures.baseline, 'ms'),
    ];
  });
  return [
    ...heading,
    'While the check of N subscribers changed (above), small checks (steps 400 ms apart) with ' +
      `${subscribers} subscribers of their own changed alongside. The delay is a small change's commit to its last subscriber's ` +
      'delivery. A small change is counted "in flight" when it was committed between a big change\'s commit and its last delivery, ' +
      '"between" when the big check\'s subscribers were connected but none of its changes was on its way; the baseline is one small ' +
      "check alone, just before the big check's subscribers connected.",
    '',
    table(['N of the big check', 'in flight / baseline', 'in flight', 'between', 'baseline'], rows),
    '',
  ];
}

/** What bounds N, and each size asked for that was measured at a smaller N. */
export function capacityMarkdown(result: FanoutResult): string[] {
  const { capacity } = result;
  const capped = result.sizes.filter((size) => size.requested.some((asked) => asked > size.subscribers));
  const lines = [
    `The sandbox's process held ${num(capacity.idleDescriptors)} file descriptors idle, under an open-files limit of ` +
      `${num(capacity.softLimit)} (hard ${num(capacity.hardLimit)}); with ${num(capacity.headroom)} kept free for the fan-out's ` +
      `own sockets it takes ${num(capacity.connections)} WebSocket connections, one descriptor each. Its WebSocket API holds every ` +
      'connection in that one process (no option runs it across several), so that is the largest N this machine can measure.',
  ];
  for (const size of result.skipped) {
    lines.push(
      `**N = ${num(size.subscribers)} (asked for ${size.requested.map(num).join(', ')}) was not measured: ${size.reason}.**`,
    );
  }
  for (const size of capped) {
    lines.push(
      `**N = ${size.requested
        .filter((asked) => asked > size.subscribers)
        .map(num)
        .join(', ')} was asked for and could not be held: ` +
        `measured at N = ${num(size.subscribers)}, the largest this machine holds.**`,
    );
  }
  return [lines.join(' '), ''];
}
