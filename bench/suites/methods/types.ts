import type { Summary } from '../../stats';
import type { WireCount } from '../../wire/socket-meter';

export const METHODS = [
  'short-1s',
  'short-5s',
  'long-poll',
  'sse',
  'connect-proto',
  'connect-json',
  'websocket',
  'appsync-events',
  'webhooks',
] as const;
export type MethodName = (typeof METHODS)[number];

export const METHOD_LABELS: Readonly<Record<MethodName, string>> = {
  'short-1s': 'short polling 1 s',
  'short-5s': 'short polling 5 s',
  'long-poll': 'long polling',
  sse: 'SSE',
  'connect-proto': 'Connect (protobuf)',
  'connect-json': 'Connect (JSON)',
  websocket: 'WebSocket',
  'appsync-events': 'AppSync Events',
  webhooks: 'webhooks',
};

/** A message that told a client a version: before it was attached (`setup`) or after. */
export interface Received {
  readonly version: number;
  /** Epoch ms of its arrival. */
  readonly at: number;
  /** The bytes of the message body: the CloudEvent, or the check for (long) polling. */
  readonly payloadBytes: number;
  readonly phase: 'setup' | 'steady';
}

/** One client's run: what it received, and its sockets' counts split at the moment it was attached. */
export interface ClientTrace {
  readonly received: readonly Received[];
  readonly setupWire: WireCount;
  readonly steadyWire: WireCount;
  /** Epoch ms: attached, and done (or given up). */
  readonly readyAt: number;
  readonly endAt: number;
}

/** What one method's run with N clients produced, before any statistics. */
export interface MethodSession {
  readonly checkId: string;
  readonly clients: readonly ClientTrace[];
  /** Version → its commit time (the event's `time`, the check's `updatedAt`). */
  readonly commits: ReadonlyMap<number, number>;
  /** Epoch ms when every client was attached; versions committed before it are not measured. */
  readonly readyAt: number;
  /** Table reads of the long polls or streams, measured, and where they were counted. */
  readonly reads?: { readonly total: number; readonly source: string };
  readonly notes: readonly string[];
}

/** The figures of one method at one N. */
export interface MethodFigures {
  readonly method: MethodName;
  readonly clients: number;
  readonly steps: number;
  readonly stepMs: number;
  readonly lambdaConcurrency: number;
  /** Versions committed after every client was attached: those whose delay is measured. */
  readonly measuredVersions: number;
  /** Delay from commit to the client knowing that version (or a newer one), ms. */
  readonly delay: Summary | undefined;
  /** (client, version) pairs never known by the end of the run. */
  readonly missed: number;
  /** Messages carrying a version received after attaching, over all clients. */
  readonly delivered: number;
  /** Per client: steady-state bytes on the wire (both ways) per delivered message. */
  readonly wirePerUpdate: Summary | undefined;
  /** Per client: requests (HTTP requests or WebSocket messages sent) per delivered message. */
  readonly requestsPerUpdate: Summary | undefined;
  readonly payloadBytes: Summary | undefined;
  /** Requests per second of all clients together, from the first attached to the last done. */
  readonly requestRate: number;
  /** Per client: bytes and requests to attach (connect, subscribe, first answer). */
  readonly setupBytes: Summary | undefined;
  /** Long polling and SSE: measured table reads per waiting client per minute. */
  readonly readsPerClientMinute?: {
    readonly value: number;
    readonly reads: number;
    readonly clientMinutes: number;
    readonly source: string;
  };
  /** Long polling and SSE: the sandbox's resident memory growth per held invocation. */
  readonly rssPerHeldClientMb?: number;
  /** WebSocket: the notifier's invocation per event (stream batch), from its log: its fan-out to N. */
  readonly notifierMs?: Summary;
  readonly attachMs: number;
  readonly notes: readonly string[];
}

export interface MethodsResult {
  readonly updates: number;
  readonly stepMs: number;
  readonly streamPollMs: number;
  /** The read backoffs of long polling and SSE, as lambda/checks defines them. */
  readonly longPollBackoff: { readonly initialMs: number; readonly maxMs: number };
  readonly sseBackoff: { readonly initialMs: number; readonly maxMs: number };
  readonly runs: readonly MethodFigures[];
  /** Sizes not run, and why (the emulator's or this machine's limit). */
  readonly skipped: ReadonlyArray<{
    readonly method: MethodName;
    readonly clients: number;
    readonly why: string;
  }>;
  readonly machine: { readonly cpus: number; readonly memoryGb: number };
}
