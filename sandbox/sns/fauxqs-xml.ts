import { randomUUID } from 'node:crypto';

/**
 * Reads and edits the SNS Query XML that fauxqs writes. Its output is regular (no
 * attributes on these elements, no CDATA, entities escaped), so a few patterns suffice
 * where a general XML parser would be needed for arbitrary documents.
 */

const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

const elementPattern = (tag: string, flags = 's') => new RegExp(`<${tag}>(.*?)</${tag}>`, flags);

/** The text of the first `<tag>`, unescaped. */
export function elementText(xml: string, tag: string): string | undefined {
  const match = elementPattern(tag).exec(xml);
  return match === null ? undefined : unescapeXml(match[1]!);
}

/** The first `<tag>` with its text replaced. */
export function withElementText(xml: string, tag: string, text: string): string {
  return xml.replace(elementPattern(tag), () => `<${tag}>${escapeXml(text)}</${tag}>`);
}

/** The `<entry><key/><value/></entry>` map of Get*Attributes. */
export function attributeEntries(xml: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [, key, value] of xml.matchAll(/<entry><key>(.*?)<\/key><value>(.*?)<\/value><\/entry>/gs)) {
    entries[unescapeXml(key!)] = unescapeXml(value!);
  }
  return entries;
}

/** Replaces the values of entries that exist; others are left as they are. */
export function withAttributeEntries(xml: string, values: Readonly<Record<string, string>>): string {
  return xml.replace(/<entry><key>(.*?)<\/key><value>(.*?)<\/value><\/entry>/gs, (entry, key: string) => {
    const value = values[unescapeXml(key)];
    return value === undefined ? entry : `<entry><key>${key}</key><value>${escapeXml(value)}</value></entry>`;
  });
}

/** Each `<member>` rewritten by `rewrite`, as ListSubscriptions answers hold them. */
export function withMembers(xml: string, rewrite: (member: string) => string): string {
  return xml.replace(/<member>.*?<\/member>/gs, (member) => rewrite(member));
}

/** The message id of each successful PublishBatch entry, by entry id. */
export function batchMessageIds(xml: string): Map<string, string> {
  const successful = elementPattern('Successful').exec(xml)?.[1] ?? '';
  const ids = new Map<string, string>();
  for (const [member] of successful.matchAll(/<member>.*?<\/member>/gs)) {
    const id = elementText(member, 'Id');
    const messageId = elementText(member, 'MessageId');
    if (id !== undefined && messageId !== undefined) ids.set(id, messageId);
  }
  return ids;
}

/** An SNS error answer, shaped as AWS (and fauxqs) shape it. */
export function snsErrorXml(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return [
    `<ErrorResponse xmlns="${SNS_XMLNS}">`,
    `  <Error>`,
    `    <Type>${type}</Type>`,
    `    <Code>${escapeXml(code)}</Code>`,
    `    <Message>${escapeXml(message)}</Message>`,
    `  </Error>`,
    `  <RequestId>${randomUUID()}</RequestId>`,
    `</ErrorResponse>`,
  ].join('\n');
}
