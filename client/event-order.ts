import { isFinal } from './cloud-event';
import type { StatsRecorder } from './stats';
import type { TransportContext } from './transport';
import type { CheckCloudEvent, TransportName } from './types';

/**
 * The watch's place in the check's history, kept across connections and transports so that
 * each new one resumes where the last left off and nothing is delivered twice.
 */
export class EventOrder {
  private lastVersion: number | undefined;

  constructor(
    private readonly stats: StatsRecorder,
    private readonly refetch: (context: TransportContext) => Promise<CheckCloudEvent>,
  ) {}

  /** The newest version delivered. */
  get last(): number | undefined {
    return this.lastVersion;
  }

  /** Delivers `event` unless the watch has it; returns true after the final event. */
  async *accept(
    event: CheckCloudEvent,
    coalesced: boolean,
    name: TransportName,
    context: TransportContext,
  ): AsyncGenerator<CheckCloudEvent, boolean> {
    const last = this.lastVersion;
    const version = event.data.version;
    if (last !== undefined && version <= last) {
      this.stats.duplicate();
      return false;
    }
    if (!coalesced && last !== undefined && version > last + 1) {
      // A push channel skipped a version: its message was lost, so ask for the current state.
      this.stats.gap();
      const current = await this.refetch(context);
      if (current.data.version > last && current.data.version < version) {
        if (yield* this.accept(current, true, name, context)) return true;
      }
    }
    this.lastVersion = version;
    this.stats.event(name, event);
    yield event;
    return isFinal(event);
  }
}
