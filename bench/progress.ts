/** What a suite tells the person waiting: the step it is on and how far along it is. */
export interface Progress {
  /** A new step, e.g. "methods: SSE, N = 100". */
  step(label: string): void;
  /** Progress within the step. */
  tick(done: number, total: number): void;
  /** A line worth keeping in the scrollback (a result, a warning). */
  note(text: string): void;
}
