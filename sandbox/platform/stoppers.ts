/**
 * The order things stop in: first what lets requests in (the APIs still run their
 * `$disconnect`s), then the functions (an invocation in flight ends at once, as a check's
 * worker may run for minutes), then the pollers, then the engines, last the logs.
 */
const STOP_ORDER = ['entrances', 'functions', 'pollers', 'engines', 'logs'] as const;
export type StopPhase = (typeof STOP_ORDER)[number];

/** Stops what has started, phase by phase, even when one of them fails to stop. */
export class Stoppers {
  private readonly stops: Array<{
    readonly name: string;
    readonly phase: StopPhase;
    readonly stop: () => Promise<void>;
  }> = [];

  add(phase: StopPhase, name: string, stop: () => Promise<void>): void {
    this.stops.push({ name, phase, stop });
  }

  async stopAll(log: (line: string) => void): Promise<void> {
    const stops = this.stops.splice(0);
    for (const phase of STOP_ORDER) {
      for (const { name, stop } of stops.filter((entry) => entry.phase === phase)) {
        try {
          await stop();
        } catch (error) {
          log(`Stopping ${name} failed: ${(error as Error).message}`);
        }
      }
    }
  }
}
