import { HEARTBEAT_MS, SSE_BACKOFF } from '../../../lambda/checks/sse';
import { LONG_POLL_BACKOFF, type Backoff } from '../../../lambda/checks/wait-for-change';

/** What the cost of a method depends on besides the prices; every figure is a parameter. */
export interface CostAssumptions {
  /** Updates per hour of the check a client watches (the x axis). */
  readonly updatesPerHour: number;
  /** Clients watching one check: the stream consumers' work per update is shared among them. */
  readonly clientsPerCheck: number;
  /** The CloudEvent, in bytes. */
  readonly payloadBytes: number;
  /** The same CloudEvent in the CloudEvents protobuf format, as WatchCheck sends it, in bytes. */
  readonly protoPayloadBytes: number;
  /** HTTP status line and headers of a response, in bytes. */
  readonly responseHeaderBytes: number;
  /** SNS's JSON envelope around a webhook's message (signature, URLs), in bytes. */
  readonly snsEnvelopeBytes: number;
  readonly lambdaMemoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  /** Short polling: seconds between two requests of one client. */
  readonly pollIntervalsSeconds: readonly number[];
  /** `waitSeconds` of a long poll. */
  readonly longPollWaitSeconds: number;
  /** How long one SSE response is held: the function's 15-minute limit less a margin. */
  readonly sseHoldSeconds: number;
  readonly sseHeartbeatSeconds: number;
  /** The cached TOKEN authorizer's TTL (JSON routes). SSE's REQUEST authorizer is not cached. */
  readonly authorizerCacheSeconds: number;
  /** A WebSocket client pings this often to stay under the 10-minute idle timeout. */
  readonly webSocketPingSeconds: number;
  /** API Gateway closes a WebSocket connection after 2 hours; the client reconnects. */
  readonly webSocketMaxConnectionSeconds: number;
  /** The AppSync Events client reconnects (and subscribes again) this often, under its connection lifetime. */
  readonly appSyncReconnectSeconds: number;
  /** AppSync's `data` message around an event: type, subscription id, the event as a JSON string. */
  readonly appSyncDataEnvelopeBytes: number;
  /** A connections-table item, read by the notifier's Query, in bytes. */
  readonly connectionItemBytes: number;
  readonly longPollBackoff: Backoff;
  readonly sseBackoff: Backoff;
  /** Billed milliseconds of one invocation of each function. */
  readonly durationsMs: {
    readonly getCheck: number;
    readonly authorizer: number;
    readonly wsConnect: number;
    readonly wsSubscribe: number;
    readonly wsPing: number;
    readonly wsDisconnect: number;
    readonly notifierPerBatch: number;
    readonly notifierPerConnection: number;
    readonly publisher: number;
    readonly eventsAuthorizer: number;
    readonly eventsPublisher: number;
  };
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  updatesPerHour: 60,
  clientsPerCheck: 1,
  payloadBytes: 700,
  // The JSON payload's 700 bytes times the ratio the two encoders give a check's event
  // (0.85: the ids, timestamps and the type URL take most of either); a unit test
  // (cost-model.test.ts) measures that ratio and fails when this drifts from it.
  protoPayloadBytes: 595,
  responseHeaderBytes: 300,
  snsEnvelopeBytes: 1000,
  lambdaMemoryMb: 256,
  architecture: 'arm64',
  pollIntervalsSeconds: [1, 5],
  longPollWaitSeconds: 25,
  sseHoldSeconds: 895,
  sseHeartbeatSeconds: HEARTBEAT_MS / 1000,
  authorizerCacheSeconds: 300,
  webSocketPingSeconds: 300,
  webSocketMaxConnectionSeconds: 7200,
  appSyncReconnectSeconds: 23 * 3600,
  appSyncDataEnvelopeBytes: 150,
  connectionItemBytes: 200,
  longPollBackoff: LONG_POLL_BACKOFF,
  sseBackoff: SSE_BACKOFF,
  durationsMs: {
    getCheck: 20,
    authorizer: 10,
    wsConnect: 30,
    wsSubscribe: 30,
    wsPing: 5,
    wsDisconnect: 20,
    notifierPerBatch: 30,
    notifierPerConnection: 2,
    publisher: 30,
    eventsAuthorizer: 10,
    eventsPublisher: 30,
  },
};
