import type { LoadSize } from '../../scenario';

export interface WebSocketSize {
  readonly subscribers: number;
  /**
   * Subscribers are split into groups, each following its own checks. A group's checks are
   * created just before its members subscribe, one group after the other, so each group's
   * subscribes fit in the `stepMs` before its checks' first change.
   */
  readonly groups: number;
  /** A check has at most 20 steps, so 100 updates per subscriber take 5 checks of 20. */
  readonly checksPerGroup: number;
  readonly steps: number;
  /** The worker waits this long before each step, the first one included. */
  readonly stepMs: number;
}

export const WEBSOCKET_SIZES: Readonly<Record<LoadSize, WebSocketSize>> = {
  quick: { subscribers: 200, groups: 8, checksPerGroup: 1, steps: 12, stepMs: 1_500 },
  full: { subscribers: 2_000, groups: 40, checksPerGroup: 5, steps: 20, stepMs: 10_000 },
};

/** The updates (versions after the first) each subscriber is to receive. */
export function updatesPerSubscriber(size: WebSocketSize): number {
  return size.checksPerGroup * size.steps;
}

/** The subscribers of each group, by index: subscriber `i` is in group `i mod groups`. */
export function groupMembers(size: WebSocketSize): number[][] {
  const groups = Array.from({ length: size.groups }, (): number[] => []);
  for (let index = 0; index < size.subscribers; index += 1) groups[index % size.groups].push(index);
  return groups;
}
