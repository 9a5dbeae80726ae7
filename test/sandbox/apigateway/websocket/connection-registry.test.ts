import {
  ConnectionRegistry,
  type ConnectionRecord,
} from '../../../../sandbox/apigateway/websocket/connection-registry';

function record(connectionId: string, connectedAt: number): ConnectionRecord {
  return {
    connectionId,
    connectedAt,
    sourceIp: '127.0.0.1',
    userAgent: undefined,
    lastActiveAt: connectedAt,
    postsDelivered: 0,
    postsGone: 0,
    postsThrottled: 0,
  };
}

describe('ConnectionRegistry', () => {
  it('keeps a copy of a closed connection, not the connection, still counted', () => {
    const registry = new ConnectionRegistry<ConnectionRecord>();
    const open = record('a', 1);
    registry.add(open);
    expect(registry.live('a')).toBe(open);
    open.postsDelivered += 2;
    registry.markClosed('a');
    expect(registry.live('a')).toBeUndefined();
    const closed = registry.record('a');
    expect(closed).not.toBe(open);
    expect(closed).toMatchObject({ connectionId: 'a', postsDelivered: 2 });
    if (closed !== undefined) closed.postsGone += 1;
    expect(registry.summaries()).toEqual([expect.objectContaining({ open: false, postsGone: 1 })]);
  });

  it('forgets the oldest closed connections past its limit', () => {
    const registry = new ConnectionRegistry<ConnectionRecord>(2);
    for (const id of ['a', 'b', 'c']) {
      registry.add(record(id, id.charCodeAt(0)));
      registry.markClosed(id);
    }
    expect(registry.record('a')).toBeUndefined();
    expect(registry.summaries().map(({ connectionId }) => connectionId)).toEqual(['b', 'c']);
  });

  it('lists open and closed connections by connection time, in the admin shape', () => {
    const registry = new ConnectionRegistry<ConnectionRecord>();
    registry.add(record('late', Date.UTC(2025, 0, 1, 0, 0, 2)));
    registry.add(record('early', Date.UTC(2025, 0, 1, 0, 0, 1)));
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
