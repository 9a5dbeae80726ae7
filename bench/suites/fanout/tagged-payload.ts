/**
 * The same CloudEvent with its `id` tagged, so the clients tell a ceiling's copy from the
 * notifier's; the size grows by the tag only.
 */
export function taggedPayload(eventText: string, tag: string): string {
  const tagged = eventText.replace(/^(\{"specversion":"[^"]*","id":")([^"]+)"/, `$1$2~${tag}"`);
  if (tagged === eventText) throw new Error('The payload is not a CloudEvent built by JSON.stringify');
  return tagged;
}

/** The id the tagged copy carries. */
export function taggedId(eventId: string, tag: string): string {
  return `${eventId}~${tag}`;
}
