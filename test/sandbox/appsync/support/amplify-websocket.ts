import { WebSocket } from 'ws';

/**
 * Node 20 has no global WebSocket, which amplify's events client constructs as
 * `new WebSocket(url, protocols)`: a `ws` socket that trusts the sandbox's CA stands in.
 */
export function trustingWebSocket(ca: string) {
  return class TrustingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  };
}
