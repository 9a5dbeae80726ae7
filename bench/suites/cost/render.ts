import { num, table, usd } from '../../report/format';
import type { Chart } from '../../suite';
import type { CostResult } from './index';
import type { Price } from './pricing';

const INCLUDED = `Included, per method: API Gateway (REST requests; WebSocket messages and connection
minutes), Lambda (requests and arm64 GB-seconds of every function on the path: the cached
TOKEN authorizer once per TTL, the uncached REQUEST authorizer per SSE connection, the WebSocket
\`$connect\` authorizer per connection, get-check, check-events held for the whole stream,
the Connect function held for the whole WatchCheck stream,
the \`$connect\`/subscribe/ping/\`$disconnect\` routes, the notifier and the publishers, the
AppSync Events authorizer at each connect and subscribe), AppSync Events (connection minutes;
Event API operations: each connect, subscribe, publish and delivery),
DynamoDB on-demand (consistent reads of the check by long polls and SSE as their backoff
makes them, the notifier's Query of the connections table, the connection and subscription
writes), SNS (publish and HTTP/S deliveries), Lambda response streaming beyond 6 MB per
response, and data transfer out to the internet.

Excluded: what every method shares (creating the check, the jobs queue, the worker's writes),
DynamoDB Streams reads (free when Lambda reads them), CloudWatch Logs and access logs
(they depend on log volume), the free tiers, storage, Secrets Manager, and the webhook
receiver's own costs. Short polling delivers at most one update per poll (it sees the newest
state), so its cost per delivered update is per update it could see.`;

function assumptionsTable(result: CostResult): string {
  const a = result.assumptions;
  const rows: Array<[string, string]> = [
    [
      'payload (CloudEvent)',
      `${a.payloadBytes} B, plus ${a.responseHeaderBytes} B of headers per HTTP response`,
    ],
    ['Lambda', `${a.lambdaMemoryMb} MB, ${a.architecture}`],
    ['short polling intervals', a.pollIntervalsSeconds.map((s) => `${s} s`).join(', ')],
    [
      'long poll wait',
      `${a.longPollWaitSeconds} s, reads backing off ${a.longPollBackoff.initialMs}→${a.longPollBackoff.maxMs} ms`,
    ],
    [
      'SSE hold',
      `${a.sseHoldSeconds} s (15-minute limit), reads backing off ${a.sseBackoff.initialMs}→${a.sseBackoff.maxMs} ms, heartbeat ${a.sseHeartbeatSeconds} s`,
    ],
    [
      'Connect (WatchCheck)',
      `held as SSE is; the CloudEvent in protobuf ${a.protoPayloadBytes} B, a 5-byte envelope per message, an empty 5-byte keep-alive every ${a.sseHeartbeatSeconds} s quiet`,
    ],
    ['authorizer cache TTL', `${a.authorizerCacheSeconds} s (JSON and Connect routes)`],
    [
      'WebSocket',
      `ping every ${a.webSocketPingSeconds} s, reconnect every ${a.webSocketMaxConnectionSeconds} s`,
    ],
    [
      'AppSync Events',
      `reconnect every ${a.appSyncReconnectSeconds} s (a REST read per subscribe), ${a.appSyncDataEnvelopeBytes} B of \`data\` message around each event`,
    ],
    ['SNS envelope', `${a.snsEnvelopeBytes} B`],
    [
      'billed durations (ms)',
      Object.entries(a.durationsMs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
  ];
  return table(['assumption', 'value'], rows);
}

function scenarioSection(result: CostResult, index: number, chart: Chart): string {
  const s = result.scenarios[index];
  const rate = result.assumptions.updatesPerHour;
  const costs = table(
    [
      'method',
      'USD per 1,000 clients per hour',
      'USD per million delivered updates',
      'updates delivered per client per hour',
    ],
    s.atDefaultRate.map((m) => [
      m.method,
      usd(m.perThousandClientsHourUsd),
      usd(m.perMillionDeliveredUsd),
      num(m.deliveredPerClientHour),
    ]),
  );
  const cheapest = s.cheapest
    .map((c) => `${c.method} from ${num(c.from)} to ${num(c.to)} updates/hour`)
    .join('; ');
  const breakEvens =
    s.breakEvens.length === 0
      ? 'No two methods cross in this range.'
      : table(
          ['updates per hour', 'cheaper below', 'cheaper above'],
          s.breakEvens.map((b) => [num(b.updatesPerHour), b.cheaper, b.dearer]),
        );
  return [
    `### ${s.clientsPerCheck} client(s) per check`,
    `At ${rate} updates per hour:`,
    costs,
    `![${chart.title}](${chart.file})`,
    `Cheapest among the methods that deliver every update: ${cheapest}.`,
    `Break-even points (found numerically, ${num(1)}–${num(36_000)} updates per hour):`,
    breakEvens,
  ].join('\n\n');
}

export function costTables(result: CostResult, charts: readonly Chart[]): string {
  const prices = table(
    ['price', 'USD', 'per', 'source'],
    Object.entries(result.prices).map(([name, p]: [string, Price]) => [
      name,
      String(Number(p.usd.toPrecision(6))),
      p.per,
      p.readOn === undefined ? p.source : `${p.source} (read ${p.readOn})`,
    ]),
  );
  return [
    `## Cost on AWS (${result.region})`,
    `Computed from the prices in \`bench/suites/cost/pricing.ts\`, believed current on ${result.pricesReadOn}. **They were not re-read in this run** (no access to the AWS pricing pages): check the sources below.`,
    INCLUDED,
    assumptionsTable(result),
    ...result.scenarios.map((_, i) => scenarioSection(result, i, charts[i])),
    '### Prices',
    prices,
  ].join('\n\n');
}
