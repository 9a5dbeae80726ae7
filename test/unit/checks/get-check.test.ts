import { checkAt, FakeClock, remaining, itemsInTurn } from './support';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { StoredCheck } from '../../../lambda/checks/check';
import { createGetCheckHandler, handler, RESPONSE_MARGIN_MS } from '../../../lambda/checks/get-check';
import { documentClient } from '../../../lambda/shared/dynamo';
import { logger } from '../../../lambda/shared/logger';
import { DynamoCheckStore } from '../../../lambda/checks/dynamo-check-store';
import { CHECK_ID, OTHER_TENANT, storedCheck } from '../support/checks';
import { restEvent } from '../support/rest-event';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const bodyOf = (result: APIGatewayProxyResult): unknown => JSON.parse(result.body);

const publicView = (check: StoredCheck) => {
  const { id, status, progress, version, target, createdAt, updatedAt } = check;
  return { id, status, progress, version, target, createdAt, updatedAt };
};

describe('get-check handler', () => {
  beforeEach(() => {
    ddb.reset();
  });

  describe('a single read', () => {
    it('answers 200 with the public check, its ETag and the read count', async () => {
      itemsInTurn(ddb, checkAt(3));

      const result = await handler(restEvent(), remaining(10_000));

      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual(publicView(checkAt(3)));
      expect(result.headers).toMatchObject({
        ETag: '"3"',
        'Cache-Control': 'no-cache',
        'X-Check-Reads': '1',
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
      });
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(GetCommand, {
        TableName: ENV.CHECKS_TABLE_NAME,
        Key: { id: CHECK_ID },
        ConsistentRead: true,
      });
    });

    it('includes the result of a finished check', async () => {
      const failed = checkAt(3, { status: 'failed', result: { message: 'boom', failedAtStep: 2 } });
      itemsInTurn(ddb, failed);

      const result = await handler(restEvent(), remaining(10_000));

      expect(bodyOf(result)).toEqual({ ...publicView(failed), result: { message: 'boom', failedAtStep: 2 } });
    });

    it('answers 404 for an unknown check', async () => {
      itemsInTurn(ddb, undefined);

      const result = await handler(restEvent(), remaining(10_000));

      expect(result.statusCode).toBe(404);
      expect(bodyOf(result)).toEqual({
        error: { code: 'NOT_FOUND', message: `Check ${CHECK_ID} not found` },
      });
    });

    it("answers another tenant's check exactly as an unknown one", async () => {
      itemsInTurn(ddb, storedCheck({ tenant: OTHER_TENANT }));

      const result = await handler(restEvent(), remaining(10_000));

      expect(result.statusCode).toBe(404);
      expect(bodyOf(result)).toEqual({
        error: { code: 'NOT_FOUND', message: `Check ${CHECK_ID} not found` },
      });
      expect(result.body).not.toContain('example.com');
    });

    it('answers 401 when the authorizer passed no tenant', async () => {
      const result = await handler(restEvent({ tenant: null }), remaining(10_000));

      expect(result.statusCode).toBe(401);
      expect(ddb).not.toHaveReceivedCommand(GetCommand);
    });

    it('logs how many reads it made', async () => {
      itemsInTurn(ddb, checkAt(2));
      const info = jest.spyOn(logger, 'info');

      await handler(restEvent(), remaining(10_000));

      expect(info).toHaveBeenCalledWith(
        'Check read',
        expect.objectContaining({ checkId: CHECK_ID, reads: 1 }),
      );
      info.mockRestore();
    });

    it('answers 500 without the SDK message when the table fails', async () => {
      ddb.on(GetCommand).rejects(new Error('ResourceNotFoundException secret-detail'));

      const result = await handler(restEvent(), remaining(10_000));

      expect(result.statusCode).toBe(500);
      expect(result.body).not.toContain('secret-detail');
    });
  });

  describe('validation', () => {
    it.each([
      ['an id that is not a UUID', { pathParameters: { id: 'not-a-uuid' } }],
      ['no id', { pathParameters: null }],
      ['waitSeconds without afterVersion', { query: { waitSeconds: '5' } }],
      ['afterVersion without waitSeconds', { query: { afterVersion: '1' } }],
      ['waitSeconds 0', { query: { waitSeconds: '0', afterVersion: '1' } }],
      ['waitSeconds 26', { query: { waitSeconds: '26', afterVersion: '1' } }],
      ['a fractional waitSeconds', { query: { waitSeconds: '1.5', afterVersion: '1' } }],
      ['a negative afterVersion', { query: { waitSeconds: '5', afterVersion: '-1' } }],
      ['an afterVersion that is not a number', { query: { waitSeconds: '5', afterVersion: 'latest' } }],
    ])('answers 400 to %s without reading the table', async (_case, changes) => {
      const result = await handler(restEvent(changes), remaining(30_000));

      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toEqual({ error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
      expect(ddb).not.toHaveReceivedCommand(GetCommand);
    });
  });

  describe('If-None-Match', () => {
    it.each([['"3"'], ['W/"3"'], ['"1", "3"'], ['*']])(
      'answers 304 with the ETag and no body to %s',
      async (tag) => {
        itemsInTurn(ddb, checkAt(3));

        const result = await handler(restEvent({ headers: { 'If-None-Match': tag } }), remaining(10_000));

        expect(result.statusCode).toBe(304);
        expect(result.body).toBe('');
        expect(result.headers).toMatchObject({ ETag: '"3"', 'X-Check-Reads': '1' });
        expect(result.headers).not.toHaveProperty('Content-Type');
      },
    );

    it('reads the header whatever its case', async () => {
      itemsInTurn(ddb, checkAt(3));

      const result = await handler(restEvent({ headers: { 'if-none-match': '"3"' } }), remaining(10_000));

      expect(result.statusCode).toBe(304);
    });

    it('answers 200 when the client has an older version', async () => {
      itemsInTurn(ddb, checkAt(3));

      const result = await handler(restEvent({ headers: { 'If-None-Match': '"2"' } }), remaining(10_000));

      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({ version: 3 });
    });

    it("answers 404, not 304, for another tenant's check", async () => {
      itemsInTurn(ddb, storedCheck({ tenant: OTHER_TENANT }));

      const result = await handler(restEvent({ headers: { 'If-None-Match': '*' } }), remaining(10_000));

      expect(result.statusCode).toBe(404);
    });
  });

  describe('long polling', () => {
    let clock: FakeClock;
    let poll: ReturnType<typeof createGetCheckHandler>;

    const longPoll = (waitSeconds: number, afterVersion: number, remainingMs = 30_000) =>
      poll(
        restEvent({ query: { waitSeconds: String(waitSeconds), afterVersion: String(afterVersion) } }),
        remaining(remainingMs),
      );

    beforeEach(() => {
      clock = new FakeClock();
      poll = createGetCheckHandler({
        store: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
        sleep: clock.sleep,
        now: clock.now,
      });
    });

    it('answers 200 with the new version as soon as it appears', async () => {
      itemsInTurn(ddb, checkAt(2), checkAt(2), checkAt(3));

      const result = await longPoll(20, 2);

      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual(publicView(checkAt(3)));
      expect(result.headers).toMatchObject({ ETag: '"3"', 'X-Check-Reads': '3' });
      expect(clock.sleeps).toEqual([100, 200]);
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 3);
      expect(ddb).toHaveReceivedNthCommandWith(3, GetCommand, { ConsistentRead: true });
    });

    it('answers at once, after one read, when the check is already newer', async () => {
      itemsInTurn(ddb, checkAt(4));

      const result = await longPoll(20, 1);

      expect(result.statusCode).toBe(200);
      expect(result.headers).toMatchObject({ 'X-Check-Reads': '1' });
      expect(clock.sleeps).toEqual([]);
    });

    it('answers 304 with the current ETag when the wait ends without a change', async () => {
      itemsInTurn(ddb, checkAt(2));
      const start = clock.now();

      const result = await longPoll(3, 2);

      expect(result.statusCode).toBe(304);
      expect(result.body).toBe('');
      expect(result.headers).toMatchObject({ ETag: '"2"' });
      expect(clock.now() - start).toBe(3000);
      expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(1000);
      expect(result.headers?.['X-Check-Reads']).toBe(String(ddb.commandCalls(GetCommand).length));
    });

    it('answers 304 at once for a finished check the client already has', async () => {
      itemsInTurn(ddb, checkAt(4));

      const result = await longPoll(25, 4);

      expect(result.statusCode).toBe(304);
      expect(result.headers).toMatchObject({ ETag: '"4"', 'X-Check-Reads': '1' });
      expect(clock.sleeps).toEqual([]);
    });

    it("stops waiting before the function's own time runs out", async () => {
      itemsInTurn(ddb, checkAt(2));
      const start = clock.now();

      const result = await longPoll(25, 2, 5000);

      expect(result.statusCode).toBe(304);
      expect(clock.now() - start).toBe(5000 - RESPONSE_MARGIN_MS);
    });

    it('answers 404 when the check disappears while waiting', async () => {
      itemsInTurn(ddb, checkAt(2), undefined);

      const result = await longPoll(10, 2);

      expect(result.statusCode).toBe(404);
    });

    it("answers 404 at once for another tenant's check", async () => {
      itemsInTurn(ddb, storedCheck({ tenant: OTHER_TENANT }));

      const result = await longPoll(10, 0);

      expect(result.statusCode).toBe(404);
      expect(clock.sleeps).toEqual([]);
    });

    it('logs the reads of the whole wait', async () => {
      itemsInTurn(ddb, checkAt(1), checkAt(1), checkAt(1), checkAt(2));
      const info = jest.spyOn(logger, 'info');

      await longPoll(10, 1);

      expect(info).toHaveBeenCalledWith('Check read', expect.objectContaining({ reads: 4, waitSeconds: 10 }));
      info.mockRestore();
    });

    it('waits in real time in the default handler', async () => {
      itemsInTurn(ddb, checkAt(2));
      const started = Date.now();

      const result = await handler(
        restEvent({ query: { waitSeconds: '1', afterVersion: '2' } }),
        remaining(RESPONSE_MARGIN_MS + 150),
      );

      expect(result.statusCode).toBe(304);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(Number(result.headers?.['X-Check-Reads'])).toBeGreaterThanOrEqual(2);
    });
  });
});
