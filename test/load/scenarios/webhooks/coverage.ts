/** What one receiver's deliveries and its listed failures account for, of the events it was owed. */
export interface Coverage {
  readonly expected: number;
  readonly delivered: number;
  /** Owed events listed as failures and never delivered. */
  readonly failedOnly: number;
  /** Owed events both delivered and listed: SNS delivered one copy and dead-lettered another. */
  readonly deliveredAndFailed: number;
  /** Owed events neither delivered nor listed: lost, or still on their way. */
  readonly uncovered: readonly string[];
  /** Listed failures of events the receiver was not owed. */
  readonly unexpectedFailures: number;
  /** Listed failures beyond the first of the same event. */
  readonly repeatedFailures: number;
}

/**
 * Every owed event must be delivered, listed as a failure, or both; an event that is
 * neither was lost silently, which the contract forbids.
 */
export function coverageOf(
  expected: readonly string[],
  delivered: ReadonlySet<string>,
  failedEventIds: readonly string[],
): Coverage {
  const owed = new Set(expected);
  const failed = new Set(failedEventIds);
  const uncovered = expected.filter((id) => !delivered.has(id) && !failed.has(id));
  return {
    expected: owed.size,
    delivered: expected.filter((id) => delivered.has(id)).length,
    failedOnly: expected.filter((id) => failed.has(id) && !delivered.has(id)).length,
    deliveredAndFailed: expected.filter((id) => failed.has(id) && delivered.has(id)).length,
    uncovered,
    unexpectedFailures: [...failed].filter((id) => !owed.has(id)).length,
    repeatedFailures: failedEventIds.length - failed.size,
  };
}
