import { setTimeout as delay } from 'node:timers/promises';
import type { Check } from '../../../../lambda/checks/check';
import { countedRequest } from '../../../wire/http-request';
import type { MethodSession } from '../types';
import { mergedCommits } from './client-trace';
import { HttpWatcher, sessionOf } from './http-watcher';
import { checkUrl, type RunSpec } from './run-spec';
import { commitObserver } from './websocket';

/**
 * N clients each polling `GET /checks/{id}` every `intervalMs` with `If-None-Match`, their
 * phases spread evenly over the interval as independent clients' would be. An uncounted
 * WebSocket subscriber records the commit times of versions no poller happens to see.
 */
export async function runShortPolling(spec: RunSpec, intervalMs: number): Promise<MethodSession> {
  const observer = await commitObserver(spec);
  const checkId = await spec.createCheck();
  await observer.subscribe(checkId);
  const url = checkUrl(spec.restUrl, `checks/${checkId}`);
  const start = Date.now();
  const watchers = Array.from({ length: spec.clients }, () => new HttpWatcher(true));
  const notes: string[] = [];
  let failures = 0;
  await Promise.all(
    watchers.map(async (watcher, index) => {
      let etag: string | undefined;
      let nextAt = start + (index / spec.clients) * intervalMs;
      while (watcher.latestVersion < spec.finalVersion && Date.now() < spec.deadline) {
        await delay(Math.max(0, nextAt - Date.now()));
        nextAt += intervalMs;
        const headers: Record<string, string> = { Authorization: `Bearer ${spec.token}` };
        if (etag !== undefined) headers['If-None-Match'] = etag;
        const answer = await countedRequest(watcher.agent, watcher.meter, { method: 'GET', url, headers });
        if (answer.status === 200) {
          etag = answer.headers.etag;
          watcher.take(JSON.parse(answer.body) as Check, answer.body, answer.at);
        } else if (answer.status !== 304) failures += 1;
      }
      watcher.endAt = Date.now();
    }),
  );
  observer.close();
  if (failures > 0) notes.push(`${failures} polls failed (neither 200 nor 304)`);
  const commits = mergedCommits([observer.commits(), ...watchers.map((watcher) => watcher.commits)]);
  return sessionOf(checkId, watchers, notes, { commits });
}
