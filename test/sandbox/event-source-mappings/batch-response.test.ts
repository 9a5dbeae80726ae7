import type { InvokeOutcome } from '../../../sandbox/lambda/invoker';
import { judgeBatchResponse } from '../../../sandbox/event-source-mappings/batch-response';
import { messagesToDelete } from '../../../sandbox/event-source-mappings/queue-settlement';

const ids = ['a', 'b', 'c'];
const returned = (payload: unknown): InvokeOutcome => ({ ok: true, payload });
const thrown: InvokeOutcome = { ok: false, error: { errorType: 'Error', errorMessage: 'boom' } };

describe('judgeBatchResponse', () => {
  it('fails the whole batch on a function error, with or without ReportBatchItemFailures', () => {
    for (const report of [true, false]) {
      expect(judgeBatchResponse(thrown, ids, report)).toEqual({
        kind: 'failure',
        functionError: true,
        reason: 'Error: boom',
      });
    }
  });

  it('ignores the response without ReportBatchItemFailures', () => {
    expect(
      judgeBatchResponse(returned({ batchItemFailures: [{ itemIdentifier: 'a' }] }), ids, false),
    ).toEqual({
      kind: 'success',
    });
  });

  it.each([
    ['no response', undefined],
    ['a null response', null],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('counts %s as success', (_name, payload) => {
    expect(judgeBatchResponse(returned(payload), ids, true)).toEqual({ kind: 'success' });
  });

  it('reports the listed items, once each', () => {
    const payload = {
      batchItemFailures: [{ itemIdentifier: 'c' }, { itemIdentifier: 'a' }, { itemIdentifier: 'c' }],
    };
    expect(judgeBatchResponse(returned(payload), ids, true)).toEqual({
      kind: 'partial',
      failedIds: ['c', 'a'],
    });
  });

  it.each([
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a wrong key', { batchItemFailures: [{ itemId: 'a' }] }],
    ['an unknown itemIdentifier', { batchItemFailures: [{ itemIdentifier: 'z' }] }],
    ['a list that is not a list', { batchItemFailures: { itemIdentifier: 'a' } }],
    ['a string response', 'done'],
    ['a list response', [{ itemIdentifier: 'a' }]],
  ])('fails the whole batch, as no function error, on %s', (_name, payload) => {
    expect(judgeBatchResponse(returned(payload), ids, true)).toMatchObject({
      kind: 'failure',
      functionError: false,
    });
  });
});

describe('messagesToDelete', () => {
  it('deletes every message after success', () => {
    expect(messagesToDelete({ kind: 'success' }, ids)).toEqual(ids);
  });

  it('keeps only the reported messages after a partial failure', () => {
    expect(messagesToDelete({ kind: 'partial', failedIds: ['b'] }, ids)).toEqual(['a', 'c']);
  });

  it('deletes nothing after a failure', () => {
    expect(messagesToDelete({ kind: 'failure', functionError: false, reason: 'bad' }, ids)).toEqual([]);
  });
});
