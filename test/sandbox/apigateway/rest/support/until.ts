import { setTimeout as delay } from 'node:timers/promises';

/** Waits for something the server does after the client already has its answer (a log line, an abort). */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await delay(10);
  }
  throw new Error(`Timed out waiting for ${what}`);
}
