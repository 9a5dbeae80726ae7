import { summarize, type Summary } from '../../stats';
import { wireBytes } from '../../wire/socket-meter';
import type { ClientTrace, MethodSession } from './types';

function summaryOf(samples: readonly number[]): Summary | undefined {
  return samples.length === 0 ? undefined : summarize(samples);
}

/** The versions (from 2, the first change) committed after every client was attached. */
export function measuredVersions(session: Pick<MethodSession, 'commits' | 'readyAt'>): number[] {
  return [...session.commits.entries()]
    .filter(([version, committedAt]) => version >= 2 && committedAt > session.readyAt)
    .map(([version]) => version)
    .sort((a, b) => a - b);
}

/**
 * When the client first knew version `version`: the first message carrying it or a newer
 * one. A poller that skips a version learns of the change with the next one it sees.
 */
export function knownAt(client: Pick<ClientTrace, 'received'>, version: number): number | undefined {
  let first: number | undefined;
  for (const message of client.received) {
    if (message.version >= version && (first === undefined || message.at < first)) first = message.at;
  }
  return first;
}

export interface DelayFigures {
  readonly samples: number[];
  readonly missed: number;
}

export function delaysOf(session: Pick<MethodSession, 'clients' | 'commits' | 'readyAt'>): DelayFigures {
  const versions = measuredVersions(session);
  const samples: number[] = [];
  let missed = 0;
  for (const client of session.clients) {
    for (const version of versions) {
      const at = knownAt(client, version);
      const committedAt = session.commits.get(version) as number;
      if (at === undefined) missed += 1;
      else samples.push(at - committedAt);
    }
  }
  return { samples, missed };
}

function steadyCount(client: ClientTrace): number {
  return client.received.filter((message) => message.phase === 'steady').length;
}

export interface WireFigures {
  readonly delivered: number;
  readonly wirePerUpdate: Summary | undefined;
  readonly requestsPerUpdate: Summary | undefined;
  readonly payloadBytes: Summary | undefined;
  readonly setupBytes: Summary | undefined;
}

/** Per client, what the steady state cost per message it received: one sample per client. */
export function wireFiguresOf(clients: readonly ClientTrace[]): WireFigures {
  const perUpdate: number[] = [];
  const requests: number[] = [];
  const payloads: number[] = [];
  let delivered = 0;
  for (const client of clients) {
    const count = steadyCount(client);
    delivered += count;
    for (const message of client.received)
      if (message.phase === 'steady') payloads.push(message.payloadBytes);
    if (count === 0) continue;
    perUpdate.push(wireBytes(client.steadyWire) / count);
    requests.push((client.setupWire.requests + client.steadyWire.requests) / count);
  }
  return {
    delivered,
    wirePerUpdate: summaryOf(perUpdate),
    requestsPerUpdate: summaryOf(requests),
    payloadBytes: summaryOf(payloads),
    setupBytes: summaryOf(clients.map((client) => wireBytes(client.setupWire))),
  };
}

/** Requests per second of all clients together, attaching included, over the run. */
export function requestRateOf(clients: readonly ClientTrace[]): number {
  if (clients.length === 0) return 0;
  const requests = clients.reduce(
    (sum, client) => sum + client.setupWire.requests + client.steadyWire.requests,
    0,
  );
  const from = Math.min(...clients.map((client) => client.readyAt));
  const to = Math.max(...clients.map((client) => client.endAt));
  return to > from ? (requests * 1000) / (to - from) : 0;
}

/** Reads per waiting client per minute, over the time each client was waiting. */
export function readsPerClientMinute(clients: readonly ClientTrace[], reads: number) {
  const clientMinutes = clients.reduce((sum, client) => sum + (client.endAt - client.readyAt), 0) / 60_000;
  return { value: clientMinutes === 0 ? 0 : reads / clientMinutes, reads, clientMinutes };
}
