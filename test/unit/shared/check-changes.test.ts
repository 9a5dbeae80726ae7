import type { StoredCheck } from '../../../lambda/checks/check';
import { createCheckChangeHandler } from '../../../lambda/shared/check-changes';
import { logger } from '../../../lambda/shared/logger';
import { context, streamEvent, streamRecord } from '../support/lambda-events';
import { storedCheck } from '../support/checks';

const atVersion = (version: number, changes: Partial<StoredCheck> = {}) =>
  storedCheck({ version, progress: Math.min(100, (version - 1) * 50), ...changes });

/** The change from version v-1 to version v. */
const change = (sequenceNumber: string, version: number) =>
  streamRecord(sequenceNumber, 'MODIFY', atVersion(version), atVersion(version - 1));

let handled: StoredCheck[];
let onChange: (check: StoredCheck) => Promise<void>;

const handler = createCheckChangeHandler({
  failureMessage: 'Change not handled',
  onChange: (check) => onChange(check),
});

beforeEach(() => {
  handled = [];
  onChange = async (check) => {
    handled.push(check);
  };
  jest.restoreAllMocks();
});

describe('createCheckChangeHandler', () => {
  it('hands each new version over once, one record at a time, in stream order', async () => {
    const order: string[] = [];
    onChange = async (check) => {
      order.push(`start ${check.version}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.push(check);
      order.push(`end ${check.version}`);
    };

    const response = await handler(
      streamEvent(streamRecord('100', 'INSERT', atVersion(1)), change('101', 2), change('102', 3)),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([atVersion(1), atVersion(2), atVersion(3)]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('ignores removals and writes that kept the version', async () => {
    const response = await handler(
      streamEvent(
        streamRecord('100', 'REMOVE', undefined, atVersion(3)),
        streamRecord('101', 'MODIFY', atVersion(3, { expiresAt: 1 }), atVersion(3)),
      ),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([]);
  });

  it('reports a failed record, and every later record untried, so nothing is handled out of order', async () => {
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    onChange = async (check) => {
      handled.push(check);
      if (check.version === 3) throw new Error('Rate exceeded');
    };

    const response = await handler(
      streamEvent(change('100', 2), change('101', 3), change('102', 4), change('103', 5)),
      context,
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '102' }, { itemIdentifier: '103' }],
    });
    expect(handled.map(({ version }) => version)).toEqual([2, 3]);
    expect(error).toHaveBeenCalledWith(
      'Change not handled',
      expect.objectContaining({ sequenceNumber: '101' }),
    );
  });

  it('reports the whole batch when the first record fails, instead of throwing', async () => {
    onChange = async (check) => {
      handled.push(check);
      throw new Error('table unavailable');
    };

    const response = await handler(streamEvent(change('100', 2), change('101', 3)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '101' }] });
    expect(handled).toHaveLength(1);
  });

  it('fails a record whose new image is no check', async () => {
    const response = await handler(
      streamEvent(streamRecord('7', 'INSERT', { id: atVersion(1).id, version: 1 })),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    expect(handled).toEqual([]);
  });
});
