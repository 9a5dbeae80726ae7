import { Agent, type AgentOptions } from 'node:http';
import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SocketMeter } from './socket-meter';

/** A `net.createConnection` whose sockets `meter` counts; `ws` takes it as `createConnection`. */
export function countingConnect(meter: SocketMeter): (options: NetConnectOpts) => Socket {
  return (options) => {
    const socket = createConnection(options);
    meter.track(socket);
    return socket;
  };
}

/** An HTTP agent whose every socket `meter` counts (plain http only, as the sandbox serves). */
export class CountingAgent extends Agent {
  private readonly connect: (options: NetConnectOpts) => Socket;

  constructor(meter: SocketMeter, options: AgentOptions = { keepAlive: true }) {
    super(options);
    this.connect = countingConnect(meter);
  }

  override createConnection(options: NetConnectOpts): Duplex {
    return this.connect(options);
  }
}
