import { ratio, summarize, type Summary } from '../../stats';
import type { DeliveryTiming } from './delivery-timing';
import type { LimitedRuns, LimitKind, SecondCheckDelays } from './result';

export interface RateLimitFigures {
  readonly subscribers: number;
  readonly kind: LimitKind;
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Deliveries/s from the first delivery, limit on. */
  readonly on: Summary;
  readonly off: Summary;
  /** Median with the limit on over the ceiling (`ratePerSecond`). */
  readonly onToCeiling: number | undefined;
  readonly onToOff: number | undefined;
  /** Subscribers × changes through the limited sandbox, and how many of them arrived. */
  readonly expected: number;
  readonly delivered: number;
  readonly throttled: number | undefined;
}

export function rateLimitFigures(
  subscribers: number,
  unlimited: readonly DeliveryTiming[],
  limited: LimitedRuns,
): RateLimitFigures | undefined {
  if (limited.on.length === 0 || unlimited.length === 0) return undefined;
  const on = summarize(limited.on.map((run) => run.perSecondFromFirst));
  const off = summarize(unlimited.map((run) => run.perSecondFromFirst));
  return {
    subscribers,
    kind: limited.kind,
    ratePerSecond: limited.ratePerSecond,
    burst: limited.burst,
    on,
    off,
    onToCeiling: ratio(on.median, limited.ratePerSecond),
    onToOff: ratio(on.median, off.median),
    expected: subscribers * limited.delivered.length,
    delivered: limited.delivered.reduce((sum, count) => sum + Math.min(count, subscribers), 0),
    throttled: limited.throttled,
  };
}

export interface SecondCheckFigures {
  readonly baseline: Summary | undefined;
  readonly between: Summary | undefined;
  readonly inFlight: Summary | undefined;
  /** Median in flight over the median baseline: 1 when the big change does not delay it. */
  readonly inFlightToBaseline: number | undefined;
}

const summaryOf = (samples: readonly number[]) => (samples.length === 0 ? undefined : summarize(samples));

export function secondCheckFigures(delays: SecondCheckDelays): SecondCheckFigures {
  const baseline = summaryOf(delays.baseline);
  const inFlight = summaryOf(delays.inFlight);
  return {
    baseline,
    between: summaryOf(delays.between),
    inFlight,
    inFlightToBaseline:
      baseline === undefined || inFlight === undefined ? undefined : ratio(inFlight.median, baseline.median),
  };
}
