import type { Backoff } from '../../../lambda/checks/wait-for-change';
import type { CostAssumptions } from './assumptions';
import { PRICES, type Prices } from './pricing';

const HOUR_S = 3600;
const GB = 1024 ** 3;
const STREAM_FREE_BYTES = 6 * 1024 ** 2;

export type LineItem = keyof Prices;

export interface MethodCost {
  readonly method: string;
  /** Dollars per connected client per hour, by price. */
  readonly breakdown: Readonly<Partial<Record<LineItem, number>>>;
  readonly perClientHourUsd: number;
  /** Updates one client receives per hour (short polling sees at most one per poll). */
  readonly deliveredPerClientHour: number;
  readonly perThousandClientsHourUsd: number;
  /** Undefined when nothing is delivered. */
  readonly perMillionDeliveredUsd: number | undefined;
}

/** Table reads one wait makes: one at once, then one after each backing-off pause. */
export function readsDuringWait(seconds: number, backoff: Backoff): number {
  let reads = 1;
  let at = 0;
  let interval = backoff.initialMs / 1000;
  while (at + interval < seconds) {
    at += interval;
    reads += 1;
    interval = Math.min(interval * 2, backoff.maxMs / 1000);
  }
  return reads;
}

/** Quantities of one client-hour, priced line by line. */
class Bill {
  private readonly items: Partial<Record<LineItem, number>> = {};
  constructor(private readonly a: CostAssumptions) {}

  add(item: LineItem, quantity: number): this {
    this.items[item] = (this.items[item] ?? 0) + quantity * PRICES[item].usd;
    return this;
  }

  /** Invocations of a function, each billed `ms` at the stack's memory size. */
  lambda(invocations: number, ms: number): this {
    const gbSeconds = invocations * (ms / 1000) * (this.a.lambdaMemoryMb / 1024);
    const rate = this.a.architecture === 'arm64' ? 'lambdaArmGbSecond' : 'lambdaX86GbSecond';
    return this.add('lambdaRequest', invocations).add(rate, gbSeconds);
  }

  transfer(bytes: number): this {
    return this.add('dataTransferOutGb', bytes / GB);
  }

  result(method: string, delivered: number): MethodCost {
    const perClientHourUsd = Object.values(this.items).reduce((sum, usd) => sum + usd, 0);
    return {
      method,
      breakdown: { ...this.items },
      perClientHourUsd,
      deliveredPerClientHour: delivered,
      perThousandClientsHourUsd: perClientHourUsd * 1000,
      perMillionDeliveredUsd: delivered > 0 ? (perClientHourUsd / delivered) * 1e6 : undefined,
    };
  }
}

/** Seconds between two updates, or an hour's worth when there are none. */
const gapSeconds = (a: CostAssumptions) => (a.updatesPerHour > 0 ? HOUR_S / a.updatesPerHour : Infinity);

/** GET /checks/{id} every `interval` s: REST request, get-check λ, one consistent read each. */
export function shortPolling(a: CostAssumptions, intervalSeconds: number): MethodCost {
  const polls = HOUR_S / intervalSeconds;
  const delivered = Math.min(a.updatesPerHour, polls);
  return new Bill(a)
    .add('restApiRequest', polls)
    .lambda(HOUR_S / a.authorizerCacheSeconds, a.durationsMs.authorizer)
    .lambda(polls, a.durationsMs.getCheck)
    .add('dynamoReadRequestUnit', polls)
    .transfer(polls * a.responseHeaderBytes + delivered * a.payloadBytes)
    .result(`short polling ${intervalSeconds} s`, delivered);
}

/** One request held at a time, ending at the next update or after `waitSeconds` (304). */
export function longPolling(a: CostAssumptions): MethodCost {
  const held = Math.min(a.longPollWaitSeconds, gapSeconds(a));
  const requests = HOUR_S / held;
  const delivered = Math.min(a.updatesPerHour, requests);
  return new Bill(a)
    .add('restApiRequest', requests)
    .lambda(HOUR_S / a.authorizerCacheSeconds, a.durationsMs.authorizer)
    .lambda(requests, held * 1000)
    .add('dynamoReadRequestUnit', requests * readsDuringWait(held, a.longPollBackoff))
    .transfer(requests * a.responseHeaderBytes + delivered * a.payloadBytes)
    .result('long polling', delivered);
}

/**
 * A stream held for `sseHoldSeconds`, then a reconnect: one REST request, one authorizer
 * call and one held invocation per stream, the table read as the SSE backoff reads it, and
 * `frameBytes` per update and `keepAliveBytes` per keep-alive on the wire.
 */
function heldStream(
  a: CostAssumptions,
  name: string,
  frameBytes: number,
  keepAliveBytes: number,
): MethodCost {
  const connections = HOUR_S / a.sseHoldSeconds;
  const quiet = Math.min(a.sseHoldSeconds, gapSeconds(a));
  const reads = (HOUR_S / quiet) * readsDuringWait(quiet, a.sseBackoff);
  const keepAlives = (HOUR_S / quiet) * Math.floor(quiet / a.sseHeartbeatSeconds);
  const bytes =
    connections * a.responseHeaderBytes + a.updatesPerHour * frameBytes + keepAlives * keepAliveBytes;
  const beyondFree = Math.max(0, bytes / connections - STREAM_FREE_BYTES) * connections;
  return new Bill(a)
    .add('restApiRequest', connections)
    .lambda(connections, a.durationsMs.authorizer)
    .lambda(connections, a.sseHoldSeconds * 1000)
    .add('dynamoReadRequestUnit', reads)
    .add('lambdaStreamedGb', beyondFree / GB)
    .transfer(bytes)
    .result(name, a.updatesPerHour);
}

/** One streamed response held for `sseHoldSeconds`, then a reconnect with Last-Event-ID. */
export function serverSentEvents(a: CostAssumptions): MethodCost {
  return heldStream(a, 'SSE', a.payloadBytes + 60, 14);
}

/**
 * Connect's WatchCheck (protobuf): SSE's model (the cached TOKEN authorizer per reconnect, as
 * the TTL is shorter than a stream), with protobuf frames (a 5-byte envelope each, and a
 * 5-byte keep-alive) instead of SSE's text.
 */
export function connectWatch(a: CostAssumptions): MethodCost {
  // Each frame also pays HTTP/1.1 chunked framing: a hex length and two CRLFs.
  const chunked = 8;
  return heldStream(a, 'Connect (protobuf)', a.protoPayloadBytes + 5 + chunked, 5 + chunked);
}

/**
 * A connection held all hour (reconnected every 2 h), kept alive by pings; per update the
 * notifier (shared by the check's clients) queries the connections and posts to each.
 */
export function webSocket(a: CostAssumptions): MethodCost {
  const connections = HOUR_S / a.webSocketMaxConnectionSeconds;
  const pings = HOUR_S / a.webSocketPingSeconds;
  const c = a.clientsPerCheck;
  const d = a.durationsMs;
  const queryUnits = Math.ceil((c * a.connectionItemBytes) / 4096);
  return new Bill(a)
    .add('webSocketConnectionMinute', HOUR_S / 60)
    .lambda(connections, d.authorizer)
    .lambda(connections, d.wsConnect)
    .lambda(connections, d.wsSubscribe)
    .lambda(connections, d.wsDisconnect)
    .add('dynamoWriteRequestUnit', connections * 4)
    .add('dynamoReadRequestUnit', connections)
    .add('webSocketMessage', connections * 2 + pings * 2)
    .lambda(pings, d.wsPing)
    .lambda(a.updatesPerHour / c, d.notifierPerBatch + d.notifierPerConnection * c)
    .add('dynamoReadRequestUnit', (a.updatesPerHour * queryUnits) / c)
    .add('webSocketMessage', a.updatesPerHour * Math.ceil(a.payloadBytes / (32 * 1024)))
    .transfer(a.updatesPerHour * a.payloadBytes)
    .result('WebSocket', a.updatesPerHour);
}

/** Per update, the publisher (shared) publishes once; SNS POSTs to each subscribed receiver. */
export function webhooks(a: CostAssumptions): MethodCost {
  const c = a.clientsPerCheck;
  return new Bill(a)
    .lambda(a.updatesPerHour / c, a.durationsMs.publisher)
    .add('snsPublish', (a.updatesPerHour * Math.ceil(a.payloadBytes / (64 * 1024))) / c)
    .add('snsHttpDelivery', a.updatesPerHour)
    .transfer(a.updatesPerHour * (a.payloadBytes + a.snsEnvelopeBytes))
    .result('webhooks', a.updatesPerHour);
}

/**
 * A connection held all hour (reconnected under its lifetime): the authorizer runs at the
 * connect and at the subscribe (uncached, so each subscribe is judged on its channel), and
 * each subscribe reads the check once over REST, since AppSync keeps no history. Per update
 * the publisher (shared by the check's clients) publishes once, and AppSync delivers to
 * each subscriber: both are Event API operations.
 */
export function appSyncEvents(a: CostAssumptions): MethodCost {
  const connections = HOUR_S / a.appSyncReconnectSeconds;
  const c = a.clientsPerCheck;
  const d = a.durationsMs;
  return new Bill(a)
    .add('appSyncConnectionMinute', HOUR_S / 60)
    .lambda(connections * 2, d.eventsAuthorizer)
    .add('appSyncEventOperation', connections * 2)
    .add('restApiRequest', connections)
    .lambda(connections, d.authorizer)
    .lambda(connections, d.getCheck)
    .add('dynamoReadRequestUnit', connections)
    .lambda(a.updatesPerHour / c, d.eventsPublisher)
    .add('appSyncEventOperation', a.updatesPerHour / c + a.updatesPerHour)
    .transfer(
      connections * (a.responseHeaderBytes + a.payloadBytes) +
        a.updatesPerHour * (a.payloadBytes + a.appSyncDataEnvelopeBytes),
    )
    .result('AppSync Events', a.updatesPerHour);
}

export function allMethods(a: CostAssumptions): MethodCost[] {
  return [
    ...a.pollIntervalsSeconds.map((interval) => shortPolling(a, interval)),
    longPolling(a),
    serverSentEvents(a),
    connectWatch(a),
    webSocket(a),
    appSyncEvents(a),
    webhooks(a),
  ];
}
