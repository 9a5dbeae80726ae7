/** Conditional GETs of a check. Every change bumps the version, so the version alone identifies a representation. */

export function etagOf(version: number): string {
  return `"${version}"`;
}

function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/**
 * Whether an `If-None-Match` header names `etag`. It is a comma-separated list or `*`, and
 * If-None-Match compares weakly (RFC 9110 §13.1.2), so a `W/` prefix a proxy may add still matches.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || opaqueTag(tag) === opaqueTag(etag));
}
