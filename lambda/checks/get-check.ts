import { setTimeout as delay } from 'node:timers/promises';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { toPublicCheck, type StoredCheck } from './check';
import { checkIdSchema, checkQuerySchema } from './check-input';
import { NotFoundError } from '../shared/errors';
import { etagOf, ifNoneMatchMatches } from './etag';
import { parseWith } from '../shared/validate';
import { waitForChange } from './wait-for-change';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { header, httpHandler, tenantOf, type HttpResult } from '../shared/http';
import { logger } from '../shared/logger';
import type { PollingDeps, RemainingTime } from './polling';
import { DynamoCheckStore } from './dynamo-check-store';

/** Time kept back from a long poll to answer before the function times out. */
export const RESPONSE_MARGIN_MS = 1000;

/**
 * `GET /checks/{id}`: the check with its ETag, 304 when If-None-Match names it; with
 * `waitSeconds` and `afterVersion`, a long poll that answers 200 once the version passes
 * `afterVersion` and 304 when the wait ends first.
 */
export function createGetCheckHandler({ store, sleep = delay, now = Date.now }: PollingDeps) {
  async function getCheck(event: APIGatewayProxyEvent, context: RemainingTime): Promise<HttpResult> {
    const tenant = tenantOf(event);
    const id = parseWith(checkIdSchema, event.pathParameters?.id, 'check id');
    const { waitSeconds, afterVersion } = parseWith(
      checkQuerySchema,
      event.queryStringParameters ?? {},
      'query',
    );
    let reads = 0;
    const read = (): Promise<StoredCheck | undefined> => {
      reads += 1;
      return store.get(tenant, id);
    };
    let check: StoredCheck | undefined;
    let unchanged = false;
    if (waitSeconds !== undefined && afterVersion !== undefined) {
      const waitMs = Math.min(waitSeconds * 1000, context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS);
      const outcome = await waitForChange({ read, sleep, now, afterVersion, deadline: now() + waitMs });
      check = outcome.check;
      unchanged = !outcome.changed;
    } else {
      check = await read();
    }
    logger.info('Check read', { checkId: id, reads, waitSeconds, unchanged });
    if (check === undefined) throw new NotFoundError(`Check ${id} not found`);
    const etag = etagOf(check.version);
    // The benchmarks compare the methods by what they cost; each read is a billed request.
    const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'X-Check-Reads': String(reads) };
    if (unchanged || ifNoneMatchMatches(header(event, 'if-none-match'), etag)) {
      return { statusCode: 304, headers };
    }
    return { statusCode: 200, body: toPublicCheck(check), headers };
  }

  return (event: APIGatewayProxyEvent, context: RemainingTime): Promise<APIGatewayProxyResult> =>
    httpHandler((request) => getCheck(request, context))(event);
}

export const handler = createGetCheckHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
});
