/** The lines Lambda itself writes to a function's log stream around each invocation. */
export const platformLog = {
  start: (requestId: string): string => `START RequestId: ${requestId} Version: $LATEST`,
  end: (requestId: string): string => `END RequestId: ${requestId}`,
  report(
    requestId: string,
    durationMs: number,
    memoryMb: number,
    initDurationMs: number | undefined,
  ): string {
    const fields = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.ceil(durationMs)} ms`,
      `Memory Size: ${memoryMb} MB`,
      ...(initDurationMs === undefined ? [] : [`Init Duration: ${initDurationMs.toFixed(2)} ms`]),
    ];
    return `${fields.join('\t')}\t`;
  },
  timedOut: (now: Date, requestId: string, timeoutSeconds: number): string =>
    `${now.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
};
