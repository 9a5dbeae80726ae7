import { followersOf } from '../../load/scenarios/polling/followers';

describe('followersOf', () => {
  it('takes turns between long polling and SSE, spreading the clients over the checks', () => {
    const followers = followersOf({ longPollClients: 3, sseClients: 2 }, ['a', 'b']);
    expect(followers).toEqual([
      { name: 'long-poll-1', transport: 'long-poll', checkId: 'a' },
      { name: 'sse-1', transport: 'sse', checkId: 'a' },
      { name: 'long-poll-2', transport: 'long-poll', checkId: 'b' },
      { name: 'sse-2', transport: 'sse', checkId: 'b' },
      { name: 'long-poll-3', transport: 'long-poll', checkId: 'a' },
    ]);
  });
});
