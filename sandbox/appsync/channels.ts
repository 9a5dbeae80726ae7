/**
 * Channel paths as AppSync Events takes them: `/namespace/segment/…`, at most five segments
 * (the namespace included), each 1 to 50 letters, digits or dashes that neither start nor end
 * with a dash. A subscription may end with the wildcard `*`, which stands for one or more
 * further segments.
 */
export const MAX_SEGMENTS = 5;
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

export interface Channel {
  /** The path as given, without a trailing slash. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly namespace: string;
  readonly wildcard: boolean;
}

export type ChannelCheck =
  { readonly ok: true; readonly channel: Channel } | { readonly ok: false; readonly reason: string };

function parse(path: string, allowWildcard: boolean): ChannelCheck {
  const text = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  // AWS's own clients send the leading slash; the HTTP API takes a path without it too.
  const segments = (text.startsWith('/') ? text.slice(1) : text).split('/');
  if (segments.length > MAX_SEGMENTS) {
    return {
      ok: false,
      reason: `A channel has at most ${MAX_SEGMENTS} segments, ${path} has ${segments.length}`,
    };
  }
  const last = segments.length - 1;
  for (const [index, segment] of segments.entries()) {
    if (segment === '*' && index === last && index > 0) {
      if (!allowWildcard)
        return { ok: false, reason: `Wildcards are only allowed when subscribing: ${path}` };
      continue;
    }
    if (!SEGMENT.test(segment)) {
      return {
        ok: false,
        reason: `Invalid channel segment "${segment}" in ${path}: 1 to 50 letters, digits or dashes, not starting or ending with a dash`,
      };
    }
  }
  return {
    ok: true,
    channel: {
      path: `/${segments.join('/')}`,
      segments,
      namespace: segments[0] ?? '',
      wildcard: segments[last] === '*',
    },
  };
}

/** A channel events are published to: no wildcard. */
export function publishChannel(path: string): ChannelCheck {
  return parse(path, false);
}

/** A channel a client subscribes to: may end with `*`. */
export function subscribeChannel(path: string): ChannelCheck {
  return parse(path, true);
}

/** Whether an event published to `published` reaches a subscription to `subscribed`. */
export function channelMatches(subscribed: Channel, published: Channel): boolean {
  if (!subscribed.wildcard) return subscribed.path === published.path;
  const prefix = subscribed.segments.slice(0, -1);
  return (
    published.segments.length > prefix.length &&
    prefix.every((segment, index) => published.segments[index] === segment)
  );
}
