/** How one message reached every client: from its start (commit or first send) and from its first delivery. */
export interface DeliveryTiming {
  readonly deliveries: number;
  /** Start to the first delivery, ms. */
  readonly firstMs: number;
  /** Start to the last delivery, ms. */
  readonly lastMs: number;
  /** Deliveries per second from the start: `deliveries / lastMs`. */
  readonly perSecondFromStart: number;
  /** Deliveries per second from the first delivery: `deliveries / (last − first)`. */
  readonly perSecondFromFirst: number;
}

/** `startMs` and `arrivals` on one clock (epoch ms). */
export function deliveryTiming(startMs: number, arrivals: readonly number[]): DeliveryTiming {
  if (arrivals.length < 2) throw new Error('A fan-out needs at least two deliveries to time');
  let first = arrivals[0];
  let last = arrivals[0];
  for (const at of arrivals) {
    if (at < first) first = at;
    if (at > last) last = at;
  }
  const spread = Math.max(last - first, 0.001);
  return {
    deliveries: arrivals.length,
    firstMs: first - startMs,
    lastMs: last - startMs,
    perSecondFromStart: (arrivals.length * 1000) / Math.max(last - startMs, 0.001),
    perSecondFromFirst: (arrivals.length * 1000) / spread,
  };
}
