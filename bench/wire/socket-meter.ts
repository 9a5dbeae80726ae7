import type { Socket } from 'node:net';

/** Bytes and requests as counted at the sockets, headers and framing included. */
export interface WireCount {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly requests: number;
}

export const NO_WIRE: WireCount = { bytesIn: 0, bytesOut: 0, requests: 0 };

export function addWire(a: WireCount, b: WireCount): WireCount {
  return {
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
    requests: a.requests + b.requests,
  };
}

export function subtractWire(a: WireCount, b: WireCount): WireCount {
  return {
    bytesIn: a.bytesIn - b.bytesIn,
    bytesOut: a.bytesOut - b.bytesOut,
    requests: a.requests - b.requests,
  };
}

export function wireBytes(count: WireCount): number {
  return count.bytesIn + count.bytesOut;
}

/**
 * Counts what a set of sockets carried. Node keeps `bytesRead` and `bytesWritten` on a
 * socket after it closes, so a total read at any moment covers open and closed sockets alike.
 */
export class SocketMeter {
  private readonly sockets: Socket[] = [];
  private requestCount = 0;

  track(socket: Socket): void {
    this.sockets.push(socket);
  }

  /** One HTTP request or one WebSocket message sent. */
  countRequest(): void {
    this.requestCount += 1;
  }

  get socketCount(): number {
    return this.sockets.length;
  }

  read(): WireCount {
    let bytesIn = 0;
    let bytesOut = 0;
    for (const socket of this.sockets) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { bytesIn, bytesOut, requests: this.requestCount };
  }
}
