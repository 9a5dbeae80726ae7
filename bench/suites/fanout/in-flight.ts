/** When one change of the big check was on its way: its commit to its last delivery (epoch ms). */
export interface InFlightWindow {
  readonly commitMs: number;
  readonly lastMs: number;
}

/** A change of a small check: its commit, and when the last of its few subscribers had it. */
export interface SmallChange {
  readonly commitMs: number;
  readonly lastMs: number;
}

export interface ClassifiedDelays {
  /** Commit → last delivery, ms, of the small changes committed while a big change was in flight. */
  readonly inFlight: number[];
  /** The same for those committed while none was. */
  readonly between: number[];
}

/** Splits the small check's delays by whether a big change was in flight at their commit. */
export function classifyDelays(
  changes: readonly SmallChange[],
  windows: readonly InFlightWindow[],
): ClassifiedDelays {
  const inFlight: number[] = [];
  const between: number[] = [];
  for (const change of changes) {
    const delay = change.lastMs - change.commitMs;
    const during = windows.some(
      (window) => change.commitMs >= window.commitMs && change.commitMs <= window.lastMs,
    );
    (during ? inFlight : between).push(delay);
  }
  return { inFlight, between };
}
