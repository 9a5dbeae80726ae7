/** What one pane measured, in the form the summary compares. */
export interface PaneMetrics {
  readonly method: string;
  readonly events: number;
  readonly requests: number;
  readonly bytes: number;
  /** Per delivered event: arrival minus the event's `time`, in ms. */
  readonly delaysMs: readonly number[];
}

export interface SummaryRow {
  readonly method: string;
  readonly events: number;
  readonly requests: number;
  readonly bytes: number;
  readonly medianDelayMs: number | undefined;
  readonly maxDelayMs: number | undefined;
}

/** The middle value; the mean of the two middle ones for an even count; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function maximum(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values);
}

/** One row per pane, in the panes' order. */
export function summarize(panes: readonly PaneMetrics[]): SummaryRow[] {
  return panes.map(({ method, events, requests, bytes, delaysMs }) => ({
    method,
    events,
    requests,
    bytes,
    medianDelayMs: median(delaysMs),
    maxDelayMs: maximum(delaysMs),
  }));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : `${Math.round(ms)} ms`;
}
