import { toPublicCheck } from '../checks/check';
import { subscriptionOf, type Connection, type ConnectionStore } from './connections';
import { DomainError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { CheckStore } from '../checks/check-store';
import { errorReply, parseRequest, type ServerReply } from './protocol';

export interface SessionDeps {
  readonly connections: ConnectionStore;
  readonly checks: CheckStore;
}

/**
 * Answers one client message. Domain failures become error replies, so a bad message never
 * closes the connection; anything else is thrown for the caller to log.
 */
export async function answer(
  deps: SessionDeps,
  connectionId: string,
  body: string | undefined,
): Promise<ServerReply> {
  try {
    return await dispatch(deps, connectionId, body);
  } catch (error) {
    if (error instanceof DomainError) return errorReply(error);
    throw error;
  }
}

async function dispatch(
  deps: SessionDeps,
  connectionId: string,
  body: string | undefined,
): Promise<ServerReply> {
  const request = parseRequest(body);
  switch (request.action) {
    case 'ping':
      return { type: 'pong' };
    case 'subscribe':
      return subscribe(deps, await connectionOf(deps, connectionId), request.checkId);
    case 'unsubscribe':
      await connectionOf(deps, connectionId);
      await deps.connections.unsubscribe(connectionId, request.checkId);
      return { type: 'unsubscribed', checkId: request.checkId };
  }
}

async function connectionOf(deps: SessionDeps, connectionId: string): Promise<Connection> {
  const connection = await deps.connections.get(connectionId);
  if (connection === undefined) throw new UnauthorizedError('This connection is not registered; reconnect');
  return connection;
}

/**
 * Subscribes first and reads the check second, so a change is in the snapshot, or pushed
 * after it, or both; never lost in between. The read before subscribing keeps other
 * tenants' checks out of the connections table.
 */
async function subscribe(deps: SessionDeps, connection: Connection, checkId: string): Promise<ServerReply> {
  const notFound = () => new NotFoundError(`Check ${checkId} not found`);
  if ((await deps.checks.get(connection.tenant, checkId)) === undefined) throw notFound();
  await deps.connections.subscribe(subscriptionOf(connection, checkId));
  const check = await deps.checks.get(connection.tenant, checkId);
  if (check === undefined) throw notFound();
  return { type: 'subscribed', checkId, check: toPublicCheck(check) };
}
