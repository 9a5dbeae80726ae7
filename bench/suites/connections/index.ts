import type { Suite } from '../../suite';
import { renderConnections } from './render';
import type { ConnectionsResult } from './result';
import { runConnections } from './run-connections';

export type { ConnectionsResult } from './result';

/** Memory per idle WebSocket connection in the sandbox against a bare `ws` server. */
export const connectionsSuite: Suite<ConnectionsResult> = {
  name: 'connections',
  title: 'WebSocket connections held',
  run: runConnections,
  render: renderConnections,
};
