import { toCloudEvent } from '../../../client/cloud-event';
import type { TransportContext } from '../../../client/transport';
import type { CheckCloudEvent, CheckState } from '../../../client/types';

export const CHECK_ID = 'c0ffee00-0000-4000-8000-000000000001';
const START = Date.parse('2026-01-01T00:00:00.000Z');

export function stateOf(version: number, status: CheckState['status'] = 'processing'): CheckState {
  return {
    id: CHECK_ID,
    status,
    progress: status === 'processing' ? (version - 1) * 10 : 100,
    version,
    target: 'example.com',
    createdAt: new Date(START).toISOString(),
    updatedAt: new Date(START + version * 1000).toISOString(),
  };
}

export function eventOf(version: number, status: CheckState['status'] = 'processing'): CheckCloudEvent {
  return toCloudEvent(stateOf(version, status));
}

/** A context that records what a transport hands the engine. */
export class RecordingContext implements TransportContext {
  readonly checkId = CHECK_ID;
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly delivered: { version: number; type: string; coalesced: boolean }[] = [];
  requests = 0;
  bytes = 0;

  constructor(public last: number | undefined = undefined) {}

  lastVersion(): number | undefined {
    return this.last;
  }

  deliver(event: CheckCloudEvent, coalesced: boolean): void {
    this.delivered.push({ version: event.data.version, type: event.type, coalesced });
    this.last = Math.max(this.last ?? 0, event.data.version);
  }

  sent(): void {
    this.requests += 1;
  }

  received(bytes: number): void {
    this.bytes += bytes;
  }
}

export interface FakeCall {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** A fetch that answers from a list, in order, and records each request. */
export function scriptedFetch(answers: (() => Response)[]): { fetch: typeof fetch; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`No answer scripted for ${String(input)}`);
    return answer();
  };
  return { fetch: fake as typeof fetch, calls };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function streamResponse(chunks: readonly string[], contentType = 'text/event-stream'): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType } });
}

export function sseFrame(event: CheckCloudEvent): string {
  return `id: ${event.data.version}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
