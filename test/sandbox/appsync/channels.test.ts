import {
  channelMatches,
  publishChannel,
  subscribeChannel,
  type Channel,
} from '../../../sandbox/appsync/channels';

function channel(path: string, subscribe = false): Channel {
  const check = subscribe ? subscribeChannel(path) : publishChannel(path);
  if (!check.ok) throw new Error(check.reason);
  return check.channel;
}

describe('channel names', () => {
  it.each([
    '/checks/a/b',
    'checks/a/b',
    '/checks',
    '/c/h/e/c/k',
    '/checks/a-b/C9',
    `/checks/${'x'.repeat(50)}`,
  ])('takes %s', (path) => {
    expect(publishChannel(path).ok).toBe(true);
  });

  it.each([
    ['more than five segments', '/a/b/c/d/e/f'],
    ['an empty segment', '/checks//b'],
    ['a segment over 50 characters', `/checks/${'x'.repeat(51)}`],
    ['a leading dash', '/checks/-a'],
    ['a trailing dash', '/checks/a-'],
    ['other characters', '/checks/a_b'],
    ['no segment', '/'],
    ['nothing', ''],
    ['a wildcard', '/checks/a/*'],
  ])('refuses %s for a publish', (_what, path) => {
    expect(publishChannel(path).ok).toBe(false);
  });

  it('takes a wildcard as the last segment of a subscription only', () => {
    expect(subscribeChannel('/checks/a/*').ok).toBe(true);
    expect(subscribeChannel('/checks/*').ok).toBe(true);
    expect(subscribeChannel('/checks/*/b').ok).toBe(false);
    expect(subscribeChannel('/*').ok).toBe(false);
    expect(subscribeChannel('/checks/a*').ok).toBe(false);
  });

  it('names the namespace and keeps the path without a trailing slash', () => {
    expect(channel('checks/a/b/')).toEqual({
      path: '/checks/a/b',
      segments: ['checks', 'a', 'b'],
      namespace: 'checks',
      wildcard: false,
    });
  });

  it('says why it refuses', () => {
    expect(publishChannel('/a/b/c/d/e/f')).toEqual({
      ok: false,
      reason: 'A channel has at most 5 segments, /a/b/c/d/e/f has 6',
    });
  });
});

describe('channel matching', () => {
  it('matches an exact subscription only to its own channel', () => {
    expect(channelMatches(channel('/checks/a/1', true), channel('/checks/a/1'))).toBe(true);
    expect(channelMatches(channel('/checks/a/1', true), channel('/checks/a/2'))).toBe(false);
    expect(channelMatches(channel('/checks/a', true), channel('/checks/a/1'))).toBe(false);
  });

  it('matches a wildcard to every channel below its prefix, at any depth', () => {
    const wildcard = channel('/checks/a/*', true);
    expect(channelMatches(wildcard, channel('/checks/a/1'))).toBe(true);
    expect(channelMatches(wildcard, channel('/checks/a/1/2'))).toBe(true);
    expect(channelMatches(wildcard, channel('/checks/a'))).toBe(false);
    expect(channelMatches(wildcard, channel('/checks/b/1'))).toBe(false);
    expect(channelMatches(wildcard, channel('/other/a/1'))).toBe(false);
  });
});
