import {
  ConnectionRegistry,
  type ConnectionRecord,
} from '../../../../sandbox/apigateway/websocket/connection-registry';

function record(connectionId: string, connectedAt: number): ConnectionRecord {
  return {
    connectionId,
    connectedAt: new Date(connectedAt),
    sourceIp: '127.0.0.1',
    userAgent: undefined,
    lastActiveAt: new Date(connectedAt),
    open: true,
    postsDelivered: 0,
    postsGone: 0,
    postsThrottled: 0,
  };
}

describe('ConnectionRegistry', () => {
  it('keeps a closed connection without its handle, still counted', () => {
    const registry = new ConnectionRegistry<string>();
    registry.add(record('a', 1), 'socket-a');
    expect(registry.live('a')).toBe('socket-a');
    registry.markClosed('a');
    expect(registry.live('a')).toBeUndefined();
    expect(registry.record('a')).toMatchObject({ connectionId: 'a', open: false });
  });

  it('forgets the oldest closed connections past its limit', () => {
    const registry = new ConnectionRegistry<string>(2);
    for (const id of ['a', 'b', 'c']) {
      registry.add(record(id, id.charCodeAt(0)), id);
      registry.markClosed(id);
    }
    expect(registry.record('a')).toBeUndefined();
    expect(registry.summaries().map(({ connectionId }) => connectionId)).toEqual(['b', 'c']);
  });

  it('lists open and closed connections by connection time, in the admin shape', () => {
    const registry = new ConnectionRegistry<string>();
    registry.add(record('late', Date.UTC(2025, 0, 1, 0, 0, 2)), 'late');
    registry.add(record('early', Date.UTC(2025, 0, 1, 0, 0, 1)), 'early');
    registry.markClosed('early');
    expect(registry.summaries()).toEqual([
      {
        connectionId: 'early',
        connectedAt: '2025-01-01T00:00:01.000Z',
        sourceIp: '127.0.0.1',
        userAgent: null,
        open: false,
        postsDelivered: 0,
        postsGone: 0,
        postsThrottled: 0,
      },
      expect.objectContaining({ connectionId: 'late', open: true }),
    ]);
  });
});
