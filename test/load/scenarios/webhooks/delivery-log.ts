/** One CloudEvent a receiver took (answered 2xx). */
export interface Taken {
  readonly eventId: string;
  readonly checkId: string;
  readonly version: number;
}

/**
 * The events one receiver took. SNS delivers at least once and in no particular order, and
 * a replay comes after everything else, so a copy or a late version is not a loss: they are
 * counted here, apart from the ledger, which is given each distinct version once.
 */
export class DeliveryLog {
  /** Deliveries taken, copies included. */
  taken = 0;
  /** Deliveries of an event already taken. */
  duplicates = 0;
  /** Deliveries of a version below one already taken of the same check. */
  lateArrivals = 0;
  private readonly eventIds = new Set<string>();
  private readonly versions = new Map<string, Set<number>>();
  private readonly highest = new Map<string, number>();

  take({ eventId, checkId, version }: Taken): void {
    this.taken += 1;
    if (this.eventIds.has(eventId)) {
      this.duplicates += 1;
      return;
    }
    this.eventIds.add(eventId);
    const highest = this.highest.get(checkId) ?? -Infinity;
    if (version < highest) this.lateArrivals += 1;
    this.highest.set(checkId, Math.max(highest, version));
    const versions = this.versions.get(checkId) ?? new Set<number>();
    versions.add(version);
    this.versions.set(checkId, versions);
  }

  has(eventId: string): boolean {
    return this.eventIds.has(eventId);
  }

  get distinct(): ReadonlySet<string> {
    return this.eventIds;
  }

  /** Each check's distinct versions taken, ascending. */
  versionsByCheck(): Map<string, number[]> {
    return new Map([...this.versions].map(([checkId, set]) => [checkId, [...set].sort((a, b) => a - b)]));
  }
}
