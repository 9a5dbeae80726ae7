/** How an engine the sandbox depends on ended. */
export interface EngineEnd {
  /** Its name, as the sandbox's progress lines give it. */
  readonly engine: string;
  /** How it ended, e.g. "exited with code 1" or "was killed by SIGKILL". */
  readonly how: string;
  /** The last lines it printed, oldest first. */
  readonly lastLines: readonly string[];
}

/** An engine ended by itself: what the sandbox stops for, and the message that says why. */
export class EngineEndedError extends Error {
  override readonly name = 'EngineEndedError';

  constructor(readonly end: EngineEnd) {
    const output =
      end.lastLines.length === 0
        ? 'It printed nothing.'
        : `Its last output:\n${end.lastLines.map((line) => `  ${line}`).join('\n')}`;
    super(`${end.engine} ${end.how} while the sandbox ran, so the sandbox stopped. ${output}`);
  }

  /** One line for the progress log. */
  get summary(): string {
    return `${this.end.engine} ${this.end.how}; stopping the sandbox…`;
  }
}

/**
 * Watches the engines the sandbox depends on. The first that ends by itself, before the
 * sandbox began to stop, is its failure: the rest of the sandbox would only half work.
 */
export class EngineWatch {
  private stopping = false;
  private listener: ((failure: EngineEndedError) => void) | undefined;
  private first: EngineEndedError | undefined;

  /** The first engine that ended by itself, if one did. */
  get failure(): EngineEndedError | undefined {
    return this.first;
  }

  /** `ended` settles when the engine has ended, for whatever reason. */
  watch(ended: Promise<EngineEnd>): void {
    void ended.then((end) => {
      if (this.stopping || this.first !== undefined) return;
      this.first = new EngineEndedError(end);
      this.listener?.(this.first);
    });
  }

  /** Calls `listener` once, when the first engine ends by itself (at once if one already did). */
  onFailure(listener: (failure: EngineEndedError) => void): void {
    this.listener = listener;
    if (this.first !== undefined) listener(this.first);
  }

  /** From now on an engine that ends was stopped by the sandbox. */
  stop(): void {
    this.stopping = true;
  }
}
