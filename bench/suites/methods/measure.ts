import { randomBytes } from 'node:crypto';
import { DEV_TOKEN_SECRET } from '../../../lambda/auth/dev-secret';
import { issueToken } from '../../../lambda/auth/tokens';
import { summarize } from '../../stats';
import { delaysOf, measuredVersions, readsPerClientMinute, requestRateOf, wireFiguresOf } from './analyze';
import { runConnect } from './clients/connect';
import { runLongPolling } from './clients/long-poll';
import { checkUrl, type RunSpec } from './clients/run-spec';
import { runShortPolling } from './clients/short-poll';
import { runSse, type StreamReads } from './clients/sse';
import { runAppSyncEvents } from './clients/appsync-events';
import { runWebhooks } from './clients/webhooks';
import { runWebSocket } from './clients/websocket';
import { notifierDurations } from './sandbox-logs';
import type { MethodFigures, MethodName, MethodSession } from './types';

export interface MethodRunInput {
  readonly method: MethodName;
  readonly clients: number;
  readonly steps: number;
  readonly stepMs: number;
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly appSyncEvents?: RunSpec['appSyncEvents'];
  readonly lambdaConcurrency: number;
  readonly streamReads: StreamReads;
  /** Where the sandbox writes its function logs (`.sandbox/logs`). */
  readonly projectDir: string;
}

async function createCheck(restUrl: string, token: string, steps: number, stepMs: number): Promise<string> {
  const answer = await fetch(checkUrl(restUrl, 'checks'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ target: 'bench.example', steps, stepMs }),
  });
  const text = await answer.text();
  if (answer.status !== 202) throw new Error(`POST /checks answered ${answer.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

function sessionOf(method: MethodName, spec: RunSpec, streamReads: StreamReads): Promise<MethodSession> {
  switch (method) {
    case 'short-1s':
      return runShortPolling(spec, 1000);
    case 'short-5s':
      return runShortPolling(spec, 5000);
    case 'long-poll':
      return runLongPolling(spec);
    case 'sse':
      return runSse(spec, streamReads);
    case 'connect-proto':
      return runConnect(spec, 'proto');
    case 'connect-json':
      return runConnect(spec, 'json');
    case 'websocket':
      return runWebSocket(spec);
    case 'appsync-events':
      if (spec.appSyncEvents === undefined) throw new Error('The sandbox names no AppSync Events endpoints');
      return runAppSyncEvents(spec, spec.appSyncEvents);
    case 'webhooks':
      return runWebhooks(spec);
  }
}

/** One method watched by N clients of a tenant of the run's own, and its figures. */
export async function runMethod(input: MethodRunInput): Promise<MethodFigures> {
  const { method, clients, steps, stepMs } = input;
  const tenant = `bench-${randomBytes(5).toString('hex')}`;
  const token = await issueToken(DEV_TOKEN_SECRET, tenant, '1h');
  const startedAt = Date.now();
  const spec: RunSpec = {
    restUrl: input.restUrl,
    wsUrl: input.wsUrl,
    appSyncEvents: input.appSyncEvents,
    token,
    clients,
    createCheck: () => createCheck(input.restUrl, token, steps, stepMs),
    finalVersion: steps + 1,
    deadline: startedAt + (steps + 1) * stepMs + 60_000 + clients * 30,
  };
  const session = await sessionOf(method, spec, input.streamReads);
  const notifier = method === 'websocket' ? await notifierDurations(input.projectDir, session.checkId) : [];
  const delays = delaysOf(session);
  const wire = wireFiguresOf(session.clients);
  return {
    method,
    clients,
    steps,
    stepMs,
    lambdaConcurrency: input.lambdaConcurrency,
    measuredVersions: measuredVersions(session).length,
    delay: delays.samples.length === 0 ? undefined : summarize(delays.samples),
    missed: delays.missed,
    ...wire,
    requestRate: requestRateOf(session.clients),
    ...(session.reads === undefined
      ? {}
      : {
          readsPerClientMinute: {
            ...readsPerClientMinute(session.clients, session.reads.total),
            source: session.reads.source,
          },
        }),
    ...(notifier.length === 0 ? {} : { notifierMs: summarize(notifier) }),
    attachMs: session.readyAt - startedAt,
    notes: session.notes,
  };
}
