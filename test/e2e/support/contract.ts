import type { Check, CheckStatus } from '../../../lambda/checks/check';
import type { CheckCloudEvent, CheckEventType } from '../../../lambda/shared/cloud-event';
import type { HttpAnswer } from './rest-client';

/** The contract's shapes, written out here rather than taken from the code under test. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const CHECK_KEYS = ['id', 'status', 'progress', 'version', 'target', 'result', 'createdAt', 'updatedAt'];
const EVENT_KEYS = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'];

export type ExpectedCheck = Partial<Pick<Check, 'id' | 'status' | 'version' | 'target'>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A public check: its fields, and nothing of what is stored beside them (tenant, job, expiry). */
export function expectCheck(value: unknown, expected: ExpectedCheck = {}): Check {
  expect(value).toEqual(
    expect.objectContaining({
      id: expect.stringMatching(UUID),
      status: expect.stringMatching(/^(processing|done|failed)$/),
      progress: expect.any(Number),
      version: expect.any(Number),
      target: expect.any(String),
      createdAt: expect.stringMatching(ISO_TIME),
      updatedAt: expect.stringMatching(ISO_TIME),
      ...expected,
    }),
  );
  const check = value as Check;
  expect(Object.keys(check).filter((key) => !CHECK_KEYS.includes(key))).toEqual([]);
  expect(Number.isInteger(check.version) && check.version >= 1).toBe(true);
  expect(check.progress >= 0 && check.progress <= 100).toBe(true);
  if (check.status === 'processing') expect(check.result).toBeUndefined();
  else expect(check.result).toEqual(expect.objectContaining({ message: expect.any(String) }));
  return check;
}

/** The event type the contract gives a check's state. */
export function expectedTypeOf(check: Pick<Check, 'status' | 'version'>): CheckEventType {
  const byStatus: Record<CheckStatus, CheckEventType | undefined> = {
    done: 'check.done',
    failed: 'check.failed',
    processing: undefined,
  };
  return byStatus[check.status] ?? (check.version === 1 ? 'check.created' : 'check.progress');
}

/** A CloudEvents 1.0 envelope of `checkId`, on whatever channel it came. */
export function expectCloudEvent(value: unknown, checkId: string): CheckCloudEvent {
  expect(isObject(value)).toBe(true);
  const event = value as Record<string, unknown>;
  const data = expectCheck(event.data, { id: checkId });
  expect(event).toEqual({
    specversion: '1.0',
    id: `${checkId}:${data.version}`,
    source: '/checks',
    type: expectedTypeOf(data),
    subject: checkId,
    time: data.updatedAt,
    datacontenttype: 'application/json',
    data,
  });
  expect(Object.keys(event).sort()).toEqual([...EVENT_KEYS].sort());
  return value as CheckCloudEvent;
}

/** The contract's error answer; the status and body are compared together so a failure shows both. */
export function expectError(answer: HttpAnswer, status: number, code?: string): void {
  expect({ status: answer.status, body: answer.json }).toEqual({
    status,
    body: { error: { code: code ?? expect.any(String), message: expect.any(String) } },
  });
}

/**
 * Every version from `from` to `to`, in order: a channel may repeat a version (a retried
 * delivery) but never send an older one after a newer one, nor skip one.
 */
export function expectEveryVersion(versions: readonly number[], from: number, to: number): void {
  const expected = Array.from({ length: to - from + 1 }, (_, index) => from + index);
  expect(versions.filter((version, index) => index > 0 && version < (versions[index - 1] ?? 0))).toEqual([]);
  expect([...new Set(versions)].filter((version) => version >= from && version <= to)).toEqual(expected);
}

export function isCloudEvent(value: unknown): value is CheckCloudEvent {
  return isObject(value) && value.specversion !== undefined;
}
