import { DEFAULT_ASSUMPTIONS as base } from '../../../bench/suites/cost/assumptions';
import { cheapestRanges, crossings } from '../../../bench/suites/cost/break-even';
import { costScenario } from '../../../bench/suites/cost';
import { toBinary } from '@bufbuild/protobuf';
import { CloudEventSchema } from '../../../lambda/rpc/gen/io/cloudevents/v1/cloudevents_pb';
import { toProtoCloudEvent } from '../../../lambda/rpc/proto-check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import {
  allMethods,
  appSyncEvents,
  longPolling,
  readsDuringWait,
  shortPolling,
  webhooks,
  webSocket,
} from '../../../bench/suites/cost/model';
import { PRICES } from '../../../bench/suites/cost/pricing';

describe('cost model', () => {
  it('counts the reads of a backing-off wait', () => {
    expect(readsDuringWait(1, { initialMs: 100, maxMs: 1000 })).toBe(4); // 0, .1, .3, .7
    expect(readsDuringWait(25, { initialMs: 100, maxMs: 1000 })).toBe(28);
    expect(readsDuringWait(0.05, { initialMs: 100, maxMs: 1000 })).toBe(1);
  });

  it('prices short polling as one request, invocation and read per poll, and sees one update per poll at most', () => {
    const a = { ...base, updatesPerHour: 10_000 };
    const cost = shortPolling(a, 5);
    expect(cost.deliveredPerClientHour).toBe(720);
    expect(cost.breakdown.restApiRequest).toBeCloseTo(720 * PRICES.restApiRequest.usd, 12);
    expect(cost.breakdown.dynamoReadRequestUnit).toBeCloseTo(720 * PRICES.dynamoReadRequestUnit.usd, 12);
    expect(cost.perThousandClientsHourUsd).toBeCloseTo(cost.perClientHourUsd * 1000, 12);
  });

  it('bills a long poll for the whole hour it holds the function', () => {
    const cost = longPolling({ ...base, updatesPerHour: 0 });
    const gbSeconds = 3600 * (base.lambdaMemoryMb / 1024);
    expect(cost.breakdown.lambdaArmGbSecond).toBeCloseTo(
      gbSeconds * PRICES.lambdaArmGbSecond.usd + 12 * 0.01 * 0.25 * PRICES.lambdaArmGbSecond.usd,
      12,
    );
    expect(cost.breakdown.restApiRequest).toBeCloseTo(144 * PRICES.restApiRequest.usd, 12);
    expect(cost.perMillionDeliveredUsd).toBeUndefined();
  });

  it('shares the notifier and the publisher among the clients of a check', () => {
    const one = webSocket({ ...base, updatesPerHour: 1000, clientsPerCheck: 1 });
    const many = webSocket({ ...base, updatesPerHour: 1000, clientsPerCheck: 100 });
    expect(many.breakdown.lambdaRequest ?? 0).toBeLessThan(one.breakdown.lambdaRequest ?? 0);
    expect(many.breakdown.webSocketMessage).toBeCloseTo(one.breakdown.webSocketMessage ?? 0, 12);
    const hooks = webhooks({ ...base, updatesPerHour: 1000, clientsPerCheck: 100 });
    expect(hooks.breakdown.snsHttpDelivery).toBeCloseTo(1000 * PRICES.snsHttpDelivery.usd, 12);
    expect(hooks.breakdown.snsPublish).toBeCloseTo(10 * PRICES.snsPublish.usd, 12);
  });

  it('costs a webhook nothing when nothing changes, and a WebSocket its connection minutes', () => {
    expect(webhooks({ ...base, updatesPerHour: 0 }).perClientHourUsd).toBe(0);
    expect(webSocket({ ...base, updatesPerHour: 0 }).breakdown.webSocketConnectionMinute).toBeCloseTo(
      60 * PRICES.webSocketConnectionMinute.usd,
      12,
    );
  });

  it('counts an AppSync Events publish per update shared by the check’s clients, and a delivery per client', () => {
    const one = appSyncEvents({ ...base, updatesPerHour: 1000, clientsPerCheck: 1 });
    const many = appSyncEvents({ ...base, updatesPerHour: 1000, clientsPerCheck: 100 });
    const connects = (2 * 3600) / base.appSyncReconnectSeconds;
    expect(one.breakdown.appSyncEventOperation).toBeCloseTo(
      (1000 + 1000 + connects) * PRICES.appSyncEventOperation.usd,
      12,
    );
    expect(many.breakdown.appSyncEventOperation).toBeCloseTo(
      (10 + 1000 + connects) * PRICES.appSyncEventOperation.usd,
      12,
    );
    expect(many.breakdown.lambdaRequest ?? 0).toBeLessThan(one.breakdown.lambdaRequest ?? 0);
  });

  it('costs AppSync Events its connection minutes and its read per subscribe when nothing changes', () => {
    const idle = appSyncEvents({ ...base, updatesPerHour: 0 });
    expect(idle.breakdown.appSyncConnectionMinute).toBeCloseTo(60 * PRICES.appSyncConnectionMinute.usd, 12);
    expect(idle.breakdown.restApiRequest).toBeCloseTo(
      (3600 / base.appSyncReconnectSeconds) * PRICES.restApiRequest.usd,
      12,
    );
    expect(idle.perMillionDeliveredUsd).toBeUndefined();
  });

  it('finds where AppSync Events and API Gateway WebSocket cross, with the cheaper one on each side', () => {
    const scenario = costScenario(base);
    expect(scenario.curves.map((c) => c.method)).toContain('AppSync Events');
    const at = (u: number, f: typeof webSocket) => f({ ...base, updatesPerHour: u }).perClientHourUsd;
    const points = scenario.breakEvens.filter(
      (b) => [b.cheaper, b.dearer].sort().join() === 'AppSync Events,WebSocket',
    );
    // Its fixed cost per connection is lower, its cost per update higher (a publish and a delivery).
    expect(points.map((p) => p.cheaper)).toEqual(['AppSync Events']);
    for (const point of points) {
      const [cheaper, dearer] =
        point.cheaper === 'WebSocket' ? [webSocket, appSyncEvents] : [appSyncEvents, webSocket];
      expect(at(point.updatesPerHour * 0.9, cheaper)).toBeLessThan(at(point.updatesPerHour * 0.9, dearer));
      expect(at(point.updatesPerHour * 1.1, cheaper)).toBeGreaterThan(at(point.updatesPerHour * 1.1, dearer));
    }
  });

  it('finds break-even points where the curves cross', () => {
    const scenario = costScenario(base);
    const point = scenario.breakEvens.find(
      (b) => [b.cheaper, b.dearer].sort().join() === 'WebSocket,webhooks',
    );
    expect(point?.cheaper).toBe('webhooks');
    const at = (u: number, f: typeof webhooks) => f({ ...base, updatesPerHour: u }).perClientHourUsd;
    const x = point?.updatesPerHour ?? NaN;
    expect(at(x * 0.9, webhooks)).toBeLessThan(at(x * 0.9, webSocket));
    expect(at(x * 1.1, webhooks)).toBeGreaterThan(at(x * 1.1, webSocket));
  });
});

describe('break-even search', () => {
  it('finds the crossing of two lines on a log grid', () => {
    const [x] = crossings(
      (u) => 2 * u,
      (u) => u + 100,
      1,
      1e4,
    );
    expect(x).toBeCloseTo(100, 6);
    expect(
      crossings(
        (u) => u,
        (u) => u + 1,
        1,
        100,
      ),
    ).toEqual([]);
  });

  it('splits the range where the cheapest changes', () => {
    const ranges = cheapestRanges(
      (u) => [
        { method: 'a', cost: u },
        { method: 'b', cost: 10 },
      ],
      1,
      100,
      100,
    );
    expect(ranges.map((r) => r.method)).toEqual(['a', 'b']);
    expect(ranges[0].to).toBeLessThanOrEqual(10);
    expect(ranges[1].from).toBeGreaterThanOrEqual(10);
  });
});

describe('the Connect payload assumption', () => {
  it('keeps the protobuf CloudEvent to the JSON one in the ratio the encoders give a check', () => {
    const check = {
      id: '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69',
      status: 'processing' as const,
      progress: 40,
      version: 3,
      target: 'bench.example',
      createdAt: '2026-01-02T03:04:05.123Z',
      updatedAt: '2026-01-02T03:04:07.456Z',
    };
    const measured =
      toBinary(CloudEventSchema, toProtoCloudEvent(check)).length /
      JSON.stringify(toCloudEvent(check)).length;
    const assumed = base.protoPayloadBytes / base.payloadBytes;
    expect(Math.abs(assumed - measured)).toBeLessThan(0.05);
  });

  it('prices Connect beside SSE, with fewer bytes for the same held invocations', () => {
    const methods = allMethods(base);
    const sse = methods.find((m) => m.method === 'SSE');
    const connect = methods.find((m) => m.method === 'Connect (protobuf)');
    expect(connect).toBeDefined();
    expect(connect?.perThousandClientsHourUsd).toBeLessThanOrEqual(sse?.perThousandClientsHourUsd ?? 0);
  });
});
