import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** The reads that the `Event stream ended` lines of `checkId` log, from the check-events function's log lines. */
export function streamReadsIn(text: string, checkId: string): { total: number; found: number } {
  let total = 0;
  let found = 0;
  for (const line of text.split('\n')) {
    if (!line.includes(checkId) || !line.includes('Event stream ended')) continue;
    try {
      const entry = JSON.parse(line) as { checkId?: unknown; reads?: unknown; message?: unknown };
      if (
        entry.checkId === checkId &&
        entry.message === 'Event stream ended' &&
        typeof entry.reads === 'number'
      ) {
        total += entry.reads;
        found += 1;
      }
    } catch {
      // Not one of the function's JSON lines (a platform START/END/REPORT line).
    }
  }
  return { total, found };
}

/**
 * The durations (the platform's REPORT lines) of the invocations that logged `message` for
 * `checkId`: the REPORT that follows such a line ends its invocation, as a function whose
 * invocations do not overlap (one per stream shard) writes them.
 */
export function invocationDurationsIn(text: string, checkId: string, message: string): number[] {
  const durations: number[] = [];
  let waiting = false;
  for (const line of text.split('\n')) {
    if (line.includes(checkId) && line.includes(`"message":"${message}"`)) waiting = true;
    else if (waiting && line.startsWith('REPORT')) {
      const duration = /Duration: ([\d.]+) ms/.exec(line);
      if (duration !== null) durations.push(Number(duration[1]));
      waiting = false;
    }
  }
  return durations;
}

function logsOf(projectDir: string, pattern: RegExp): string[] {
  const folder = join(projectDir, '.sandbox', 'logs');
  return readdirSync(folder)
    .filter((name) => pattern.test(name))
    .map((name) => readFileSync(join(folder, name), 'utf8'));
}

/** How long the WebSocket notifier took over each event of `checkId` it pushed (its fan-out). */
export async function notifierDurations(projectDir: string, checkId: string): Promise<number[]> {
  // The REPORT line follows the invocation's end; give the log a moment to be written.
  await delay(300);
  return logsOf(projectDir, /WebSocketNotifier.*\.log$/).flatMap((text) =>
    invocationDurationsIn(text, checkId, 'Change pushed'),
  );
}

/**
 * Reads the check-events function's log in the sandbox's state folder until it holds a
 * line for each of `streams` streams (the log is written as the invocations end).
 */
export function checkEventsLogReader(projectDir: string) {
  return async (checkId: string, streams: number) => {
    let reads = { total: 0, found: 0 };
    for (let attempt = 0; attempt < 50 && reads.found < streams; attempt += 1) {
      if (attempt > 0) await delay(100);
      reads = { total: 0, found: 0 };
      for (const text of logsOf(projectDir, /CheckEvents.*\.log$/)) {
        const found = streamReadsIn(text, checkId);
        reads = { total: reads.total + found.total, found: reads.found + found.found };
      }
    }
    return reads;
  };
}
