/** A check created with `steps` steps has versions 1 (created) to `steps + 1` (its last step). */
export function finalVersionOf(steps: number): number {
  return steps + 1;
}

/** `from`, `from + 1`, …, `to`. */
export function versionsBetween(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}
