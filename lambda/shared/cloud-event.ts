import type { Check } from '../checks/check';

export const CHECK_EVENT_TYPES = ['check.created', 'check.progress', 'check.done', 'check.failed'] as const;
export type CheckEventType = (typeof CHECK_EVENT_TYPES)[number];

/** Every channel carries this CloudEvents 1.0 JSON envelope, built only by `toCloudEvent`. */
export interface CheckCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: CheckEventType;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Check;
}

/** The CloudEvents `source` of every check event. */
export const CHECK_EVENT_SOURCE = '/checks';

export function eventTypeOf(check: Check): CheckEventType {
  if (check.status === 'done') return 'check.done';
  if (check.status === 'failed') return 'check.failed';
  return check.version === 1 ? 'check.created' : 'check.progress';
}

export function toCloudEvent(check: Check): CheckCloudEvent {
  return {
    specversion: '1.0',
    id: `${check.id}:${check.version}`,
    source: CHECK_EVENT_SOURCE,
    type: eventTypeOf(check),
    subject: check.id,
    time: check.updatedAt,
    datacontenttype: 'application/json',
    data: check,
  };
}
