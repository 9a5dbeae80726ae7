/** Where the sandbox prints its progress, one line at a time. */
export type LogLine = (line: string) => void;

/** A line about one mapping: what happened, then its details as JSON. */
export type MappingLog = (message: string, details?: Record<string, unknown>) => void;

export function mappingLog(log: LogLine, logicalId: string): MappingLog {
  return (message, details) =>
    log(`Event source ${logicalId}: ${message}${details === undefined ? '' : ` ${JSON.stringify(details)}`}`);
}
