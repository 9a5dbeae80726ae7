import type { CheckCloudEvent, CheckEventType, CheckState } from './types';

/** The same envelope the server builds, for states that arrive bare (a GET, a WebSocket snapshot). */
export function toCloudEvent(check: CheckState): CheckCloudEvent {
  return {
    specversion: '1.0',
    id: `${check.id}:${check.version}`,
    source: '/checks',
    type: eventTypeOf(check),
    subject: check.id,
    time: check.updatedAt,
    datacontenttype: 'application/json',
    data: check,
  };
}

function eventTypeOf(check: CheckState): CheckEventType {
  if (check.status === 'done') return 'check.done';
  if (check.status === 'failed') return 'check.failed';
  return check.version === 1 ? 'check.created' : 'check.progress';
}

export function isFinal(event: CheckCloudEvent): boolean {
  return event.type === 'check.done' || event.type === 'check.failed';
}

export function isCheckState(value: unknown): value is CheckState {
  const check = value as Partial<CheckState> | null;
  return (
    typeof check === 'object' &&
    check !== null &&
    typeof check.id === 'string' &&
    typeof check.version === 'number' &&
    typeof check.status === 'string'
  );
}

export function isCheckCloudEvent(value: unknown): value is CheckCloudEvent {
  const event = value as Partial<CheckCloudEvent> | null;
  return (
    typeof event === 'object' && event !== null && event.specversion === '1.0' && isCheckState(event.data)
  );
}
