/** CloudEvents are built by `JSON.stringify`, so `id` is always the second field. */
const CLOUD_EVENT_ID = /^\{"specversion":"[^"]*","id":"([^"]+)"/;

/**
 * What a received message is, cheaply enough to run on thousands of messages a second: a
 * CloudEvent's `id`, or a reply's `type` (`subscribed`, `pong`, …).
 */
export function messageKey(text: string): string | undefined {
  const event = CLOUD_EVENT_ID.exec(text);
  if (event !== null) return event[1];
  try {
    const parsed = JSON.parse(text) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : undefined;
  } catch {
    return undefined;
  }
}
