import { setTimeout as delay } from 'node:timers/promises';
import { openEventStream } from '../../../e2e/support/event-stream';

const OPEN_ATTEMPTS = 5;
const RETRY_DELAY_MS = 1_000;

/**
 * Reads a check's event stream raw, from its start to its end: the project's client stops
 * reading after `check.done` by itself, so only a raw reader shows that the server ends the
 * stream there, as the contract says. What went wrong, or undefined when it did.
 */
export async function streamEndProblem(
  restUrl: string,
  token: string,
  checkId: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const url = new URL(`checks/${checkId}/events`, restUrl).toString();
  const headers = { Authorization: `Bearer ${token}` };
  let stream: Awaited<ReturnType<typeof openEventStream>> | undefined;
  // A 5xx before any event is a Lambda environment that failed to start under load: an
  // EventSource reconnects, and so does this reader, a few times.
  for (let attempt = 1; attempt <= OPEN_ATTEMPTS; attempt += 1) {
    try {
      stream = await openEventStream(url, { headers, timeoutMs });
    } catch (error) {
      return `the raw SSE stream of check ${checkId} failed: ${(error as Error).message}`;
    }
    if (stream.status < 500) break;
    await delay(RETRY_DELAY_MS);
  }
  if (stream?.status !== 200) return `the raw SSE stream of check ${checkId} answered ${stream?.status}`;
  const end = await stream.ended;
  const last = stream.events().at(-1)?.event;
  if (end !== 'server') return `the server did not end the SSE stream of check ${checkId} (${end})`;
  if (last !== 'check.done') return `the SSE stream of check ${checkId} ended after ${last ?? 'no event'}`;
  return undefined;
}
