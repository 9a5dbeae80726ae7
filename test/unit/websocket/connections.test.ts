import { CONNECTION_TTL_SECONDS, newConnection, subscriptionOf } from '../../../lambda/websocket/connections';

describe('connections', () => {
  const connectedAt = new Date('2025-01-01T00:00:00.500Z');

  it('keeps a connection a little longer than API Gateway keeps the socket (2 h)', () => {
    const connection = newConnection('c1', 'acme', connectedAt);

    expect(connection).toEqual({
      connectionId: 'c1',
      tenant: 'acme',
      connectedAt: '2025-01-01T00:00:00.500Z',
      expiresAt: Date.UTC(2025, 0, 1) / 1000 + CONNECTION_TTL_SECONDS,
    });
    expect(CONNECTION_TTL_SECONDS).toBeGreaterThan(2 * 60 * 60);
    expect(CONNECTION_TTL_SECONDS).toBeLessThanOrEqual(3 * 60 * 60);
  });

  it('gives a subscription the tenant and the expiry of its connection', () => {
    const connection = newConnection('c1', 'acme', connectedAt);

    expect(subscriptionOf(connection, 'check-1')).toEqual({
      connectionId: 'c1',
      checkId: 'check-1',
      tenant: 'acme',
      expiresAt: connection.expiresAt,
    });
  });
});
