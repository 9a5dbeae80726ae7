import pLimit from 'p-limit';
import { RestClient } from '../e2e/support/rest-client';

/** Enough requests in flight to keep the sandbox's API busy without queueing at its door. */
const CREATE_CONCURRENCY = 20;

export interface CheckRun {
  readonly count: number;
  readonly steps: number;
  readonly stepMs: number;
  /** Names the checks' target, so the sandbox's logs say which scenario made them. */
  readonly label: string;
}

/** `RestClient.createCheck` asserts with Jest's `expect`, which the suite runs without. */
async function createCheck(rest: RestClient, run: CheckRun, index: number): Promise<string> {
  const answer = await rest.request('POST', 'checks', {
    body: { target: `${run.label}-${index}.example`, steps: run.steps, stepMs: run.stepMs },
  });
  const id = (answer.json as { id?: unknown } | undefined)?.id;
  if (answer.status !== 202 || typeof id !== 'string') {
    throw new Error(`POST /checks answered ${answer.status}, expected 202 and a check: ${answer.text}`);
  }
  return id;
}

/** Creates `count` checks through `POST /checks` and returns their ids, in creation order. */
export function createChecks(rest: RestClient, run: CheckRun): Promise<string[]> {
  const limit = pLimit(CREATE_CONCURRENCY);
  return Promise.all(
    Array.from({ length: run.count }, (_, index) => limit(() => createCheck(rest, run, index))),
  );
}
