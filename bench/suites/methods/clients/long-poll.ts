import type { Check } from '../../../../lambda/checks/check';
import { countedRequest } from '../../../wire/http-request';
import type { MethodSession } from '../types';
import { HttpWatcher, sessionOf } from './http-watcher';
import { checkUrl, type RunSpec } from './run-spec';

/** The contract's longest wait. */
const WAIT_SECONDS = 25;

/**
 * N clients each long polling `GET /checks/{id}?waitSeconds=25&afterVersion=v`: the first
 * answer (afterVersion=0) is the current state and attaches the client; each later request
 * asks for what is newer than what it has. Reads are summed from `X-Check-Reads`.
 */
export async function runLongPolling(spec: RunSpec): Promise<MethodSession> {
  const checkId = await spec.createCheck();
  const watchers = Array.from({ length: spec.clients }, () => new HttpWatcher(true));
  const notes: string[] = [];
  let failures = 0;
  await Promise.all(
    watchers.map(async (watcher) => {
      while (watcher.latestVersion < spec.finalVersion && Date.now() < spec.deadline) {
        const url = checkUrl(spec.restUrl, `checks/${checkId}`, {
          waitSeconds: String(WAIT_SECONDS),
          afterVersion: String(watcher.latestVersion),
        });
        const answer = await countedRequest(watcher.agent, watcher.meter, {
          method: 'GET',
          url,
          headers: { Authorization: `Bearer ${spec.token}` },
        });
        // The attaching answer's reads are not a waiting client's.
        if (watcher.readyAt !== 0) watcher.reads += Number(answer.headers['x-check-reads'] ?? 0);
        if (answer.status === 200) watcher.take(JSON.parse(answer.body) as Check, answer.body, answer.at);
        else if (answer.status !== 304) failures += 1;
      }
      watcher.endAt = Date.now();
    }),
  );
  if (failures > 0) notes.push(`${failures} long polls failed (neither 200 nor 304)`);
  const total = watchers.reduce((sum, watcher) => sum + watcher.reads, 0);
  return sessionOf(checkId, watchers, notes, { reads: { total, source: 'sum of X-Check-Reads answered' } });
}
