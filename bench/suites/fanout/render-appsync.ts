import { num, spread, table } from '../../report/format';
import { summarize } from '../../stats';
import type { DeliveryTiming } from './delivery-timing';
import { appSyncRatios } from './ratios';
import type { FanoutResult, FanoutSize } from './result';

function figures(runs: readonly DeliveryTiming[]): [string, string] {
  return [
    spread(summarize(runs.map((run) => run.perSecondFromFirst))),
    spread(summarize(runs.map((run) => run.lastMs)), 'ms'),
  ];
}

function rows(size: FanoutSize): string[][] {
  const n = num(size.subscribers);
  const webSocket = [
    n,
    'API Gateway WebSocket (notifier)',
    ...figures(size.notifier),
    `${n} posts`,
    '–',
    '–',
  ];
  const events = size.appSyncEvents;
  if (!events.measured)
    return [webSocket, [n, 'AppSync Events', `not measured: ${events.reason}`, '', '', '', '']];
  const ratios = appSyncRatios(size);
  return [
    webSocket,
    [
      n,
      'AppSync Events',
      ...figures(events.runs),
      '1 publish',
      `${num(ratios.rate)}×`,
      `${num(ratios.last)}×`,
    ],
  ];
}

/** One publish to N AppSync Events subscribers against the notifier's N posts, same N, same run. */
export function appSyncMarkdown(result: FanoutResult): string[] {
  const measured = result.sizes.filter((size) => size.appSyncEvents.measured);
  return [
    '### AppSync Events: one publish to N subscribers',
    '',
    'After the WebSocket paths at each N, the same number of AppSync Events clients (the realtime protocol over TLS, ' +
      'spread over client processes the same way) subscribe to the channel of a check of their own. Each change is ' +
      'published once by the publisher function (`POST /event`), and the Events API delivers it to every subscriber; ' +
      "the start is the change's commit, as for the notifier. Ratios are AppSync over the WebSocket notifier path at the " +
      'same N: deliveries/s above 1 is faster, time to last below 1 is faster.',
    '',
    "In the sandbox the Events API's delivery is one loop over its subscribers in the sandbox's process, close to the bare " +
      "`ws` broadcast above; on AWS it is AWS's own fleet, with quotas of the order of a million outbound messages per " +
      "second per account. So these figures show the cost of our side (one publish instead of N posts), not AWS's speed.",
    '',
    table(
      [
        'N',
        'path',
        'deliveries/s from first',
        'commit → last delivery',
        'backend requests per change',
        'AppSync / WebSocket, deliveries/s',
        'AppSync / WebSocket, time to last',
      ],
      result.sizes.flatMap(rows),
    ),
    '',
    ...(measured.length === 0
      ? []
      : [
          'Setup of the AppSync clients (connect: upgrade, `connection_init`, the authorizer on each; subscribe: the authorizer on each):',
          '',
          table(
            ['N', 'connect', 'client processes', 'subscribe', 'step interval'],
            measured.flatMap((size) =>
              size.appSyncEvents.measured
                ? [
                    [
                      num(size.subscribers),
                      `${num(size.appSyncEvents.connectMs / 1000)} s`,
                      String(size.appSyncEvents.clientProcesses),
                      `${num(size.appSyncEvents.subscribeMs / 1000)} s`,
                      `${num(size.appSyncEvents.stepMs)} ms`,
                    ],
                  ]
                : [],
            ),
          ),
          '',
        ]),
  ];
}
