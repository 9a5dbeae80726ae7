import { readGapAt } from './read-schedule';
import type { MethodFigures, MethodName, MethodsResult } from './types';

/** What a push method's p99 may add to its unavoidable wait. */
export const DELAY_ALLOWANCE_MS = 50;
/** Wire bytes per update over payload bytes, at a 100-byte payload. */
export const WIRE_TARGETS: Partial<Record<MethodName, number>> = { websocket: 1.1, sse: 1.2 };
export const REFERENCE_PAYLOAD = 100;

export interface Wait {
  readonly ms: number;
  readonly why: string;
  /** Whether the delay target applies (push methods) or the row is shown beside them. */
  readonly isTarget: boolean;
}

/** The wait a method cannot avoid between a commit and the moment it can notice it. */
export function unavoidableWait(
  method: MethodName,
  result: Pick<MethodsResult, 'streamPollMs' | 'stepMs' | 'longPollBackoff' | 'sseBackoff'>,
): Wait {
  switch (method) {
    case 'websocket':
    case 'appsync-events':
    case 'webhooks':
      return {
        ms: result.streamPollMs,
        why: `stream poll interval (--stream-poll-ms ${result.streamPollMs})`,
        isTarget: true,
      };
    case 'long-poll':
      return {
        ms: readGapAt(result.longPollBackoff, result.stepMs),
        why: `table read interval ${result.stepMs} ms after the last change (backoff ${result.longPollBackoff.initialMs}→${result.longPollBackoff.maxMs} ms)`,
        isTarget: true,
      };
    case 'sse':
    case 'connect-proto':
    case 'connect-json':
      return {
        ms: readGapAt(result.sseBackoff, result.stepMs),
        why: `table read interval ${result.stepMs} ms after the last change (backoff ${result.sseBackoff.initialMs}→${result.sseBackoff.maxMs} ms)`,
        isTarget: true,
      };
    case 'short-1s':
      return { ms: 1000, why: 'poll interval', isTarget: false };
    case 'short-5s':
      return { ms: 5000, why: 'poll interval', isTarget: false };
  }
}

export interface WireOverhead {
  readonly wireMean: number;
  readonly payloadMean: number;
  /** Bytes per update beyond the payload: headers, framing, envelope. */
  readonly overhead: number;
  readonly ratio: number;
  /** Derived: the ratio the same per-update overhead gives a 100-byte payload. */
  readonly ratioAt100: number;
}

export function wireOverhead(
  run: Pick<MethodFigures, 'wirePerUpdate' | 'payloadBytes'>,
): WireOverhead | undefined {
  if (run.wirePerUpdate === undefined || run.payloadBytes === undefined) return undefined;
  const wireMean = run.wirePerUpdate.mean;
  const payloadMean = run.payloadBytes.mean;
  const overhead = wireMean - payloadMean;
  return {
    wireMean,
    payloadMean,
    overhead,
    ratio: wireMean / payloadMean,
    ratioAt100: (REFERENCE_PAYLOAD + overhead) / REFERENCE_PAYLOAD,
  };
}
