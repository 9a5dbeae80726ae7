/**
 * Exact accounting of the versions each client received of each check. A stream is one
 * client following one check. `every` streams must receive each expected version once, in
 * order (a WebSocket pushes every change); `latest` streams may skip versions the server
 * coalesced (long polling, SSE, a resumed subscription), but never repeat one, never go
 * back, and must end on the final version.
 */
export type Delivery = 'every' | 'latest';

export interface LedgerCounts {
  readonly clients: number;
  readonly streams: number;
  /** Versions the streams had to receive: all of them for `every`, the final one for `latest`. */
  readonly expected: number;
  readonly received: number;
  readonly missing: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  /** Versions a `latest` stream skipped: coalesced by the server, not lost. */
  readonly coalesced: number;
  /** Versions of checks no stream expected, or past the final version. */
  readonly unexpected: number;
}

interface Stream {
  readonly client: string;
  readonly checkId: string;
  readonly versions: ReadonlySet<number>;
  readonly final: number;
  readonly delivery: Delivery;
  readonly received: number[];
}

function keyOf(client: string, checkId: string): string {
  return `${client}\u0000${checkId}`;
}

export function isLoss(counts: LedgerCounts): boolean {
  return counts.missing + counts.duplicated + counts.outOfOrder + counts.unexpected > 0;
}

export class Ledger {
  private readonly streams = new Map<string, Stream>();
  private unexpected = 0;

  /** `versions` are every version the check will have, in order; the last is its final one. */
  expect(client: string, checkId: string, versions: readonly number[], delivery: Delivery): void {
    const final = versions.at(-1);
    if (final === undefined) throw new Error(`No versions expected of check ${checkId}`);
    const key = keyOf(client, checkId);
    if (this.streams.has(key)) throw new Error(`Client ${client} already follows check ${checkId}`);
    this.streams.set(key, { client, checkId, versions: new Set(versions), final, delivery, received: [] });
  }

  receive(client: string, checkId: string, version: number): void {
    const stream = this.streams.get(keyOf(client, checkId));
    if (stream === undefined || !stream.versions.has(version)) {
      this.unexpected += 1;
      return;
    }
    stream.received.push(version);
  }

  counts(): LedgerCounts {
    let expected = 0;
    let received = 0;
    let missing = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let coalesced = 0;
    for (const stream of this.streams.values()) {
      const tally = tallyOf(stream);
      expected += stream.delivery === 'every' ? stream.versions.size : 1;
      received += stream.received.length;
      missing += tally.missing;
      duplicated += tally.duplicated;
      outOfOrder += tally.outOfOrder;
      coalesced += tally.coalesced;
    }
    const clients = new Set([...this.streams.values()].map((stream) => stream.client)).size;
    return {
      clients,
      streams: this.streams.size,
      expected,
      received,
      missing,
      duplicated,
      outOfOrder,
      coalesced,
      unexpected: this.unexpected,
    };
  }

  /** One line per stream that lost something, for the first `limit` of them. */
  problems(limit = 10): string[] {
    const lines: string[] = [];
    for (const stream of this.streams.values()) {
      const tally = tallyOf(stream);
      if (tally.missing + tally.duplicated + tally.outOfOrder === 0) continue;
      if (lines.length === limit) {
        lines.push('…');
        break;
      }
      lines.push(
        `client ${stream.client}, check ${stream.checkId}: received [${stream.received.join(', ')}]` +
          ` of ${stream.delivery === 'every' ? `every version to ${stream.final}` : `up to ${stream.final}`}`,
      );
    }
    if (this.unexpected > 0) lines.push(`${this.unexpected} versions no stream expected`);
    return lines;
  }
}

interface Tally {
  readonly missing: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly coalesced: number;
}

function tallyOf(stream: Stream): Tally {
  const seen = new Set<number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let highest = -Infinity;
  for (const version of stream.received) {
    if (seen.has(version)) {
      duplicated += 1;
      continue;
    }
    seen.add(version);
    if (version < highest) outOfOrder += 1;
    highest = Math.max(highest, version);
  }
  const unseen = [...stream.versions].filter((version) => !seen.has(version)).length;
  if (stream.delivery === 'every') return { missing: unseen, duplicated, outOfOrder, coalesced: 0 };
  const finalMissing = seen.has(stream.final) ? 0 : 1;
  return { missing: finalMissing, duplicated, outOfOrder, coalesced: unseen - finalMissing };
}
