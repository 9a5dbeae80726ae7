import type { HttpAnswer, RestClient } from '../../../e2e/support/rest-client';

const ALL_TYPES = ['check.created', 'check.progress', 'check.done', 'check.failed'];
/** The largest page `GET /subscriptions/{id}/failures` serves. */
const FAILURES_PAGE = 100;

function fail(what: string, answer: HttpAnswer): never {
  throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
}

/** `POST /subscriptions` to every event type of the tenant's checks; the subscription's id. */
export async function subscribe(api: RestClient, url: string): Promise<string> {
  const answer = await api.request('POST', 'subscriptions', { body: { url, events: ALL_TYPES } });
  const id = (answer.json as { id?: unknown } | undefined)?.id;
  if (answer.status !== 201 || typeof id !== 'string') fail(`POST /subscriptions for ${url}`, answer);
  return id;
}

export async function statusOf(api: RestClient, id: string): Promise<string> {
  const answer = await api.request('GET', `subscriptions/${id}`);
  if (answer.status !== 200) fail(`GET /subscriptions/${id}`, answer);
  return String((answer.json as { status?: unknown }).status);
}

export interface FailureListing {
  /** The event id of each failure listed, in the order of the pages. */
  readonly eventIds: string[];
  readonly pages: number;
}

/** Every failure of the subscription, following `nextCursor` to the last page. */
export async function listFailures(api: RestClient, id: string): Promise<FailureListing> {
  const eventIds: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: Record<string, string> = { limit: String(FAILURES_PAGE) };
    if (cursor !== null) query.cursor = cursor;
    const answer = await api.request('GET', `subscriptions/${id}/failures`, { query });
    if (answer.status !== 200) fail(`GET /subscriptions/${id}/failures`, answer);
    const page = answer.json as { items: { event: { id: string } }[]; nextCursor: string | null };
    eventIds.push(...page.items.map((item) => item.event.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { eventIds, pages };
}

/** `POST /subscriptions/{id}/replay`: how many failures it published again. */
export async function replay(api: RestClient, id: string): Promise<number> {
  const answer = await api.request('POST', `subscriptions/${id}/replay`);
  const replayed = (answer.json as { replayed?: unknown } | undefined)?.replayed;
  if (answer.status !== 202 || typeof replayed !== 'number') fail(`POST /subscriptions/${id}/replay`, answer);
  return replayed;
}

export async function unsubscribe(api: RestClient, id: string): Promise<void> {
  const answer = await api.request('DELETE', `subscriptions/${id}`);
  if (answer.status !== 204 && answer.status !== 404) fail(`DELETE /subscriptions/${id}`, answer);
}
