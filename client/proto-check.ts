import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import { CheckSchema, CheckStatus, type Check } from './gen/checks/v1/checks_pb';
import type { CloudEvent } from './gen/io/cloudevents/v1/cloudevents_pb';
import { toCloudEvent } from './cloud-event';
import type { CheckCloudEvent, CheckState } from './types';

/** The protobuf CloudEvents of `WatchCheck`, as the JSON envelope every other transport delivers. */

const STATUS: Partial<Record<CheckStatus, CheckState['status']>> = {
  [CheckStatus.PROCESSING]: 'processing',
  [CheckStatus.DONE]: 'done',
  [CheckStatus.FAILED]: 'failed',
};

function isoOf(timestamp: Timestamp | undefined): string | undefined {
  return timestamp === undefined ? undefined : timestampDate(timestamp).toISOString();
}

/** The check as the JSON contract has it; undefined when a field the contract requires is missing. */
export function checkStateOf(check: Check): CheckState | undefined {
  const status = STATUS[check.status];
  const createdAt = isoOf(check.createdAt);
  const updatedAt = isoOf(check.updatedAt);
  if (status === undefined || createdAt === undefined || updatedAt === undefined) return undefined;
  const { id, progress, version, target, result } = check;
  const base = { id, status, progress, version, target, createdAt, updatedAt };
  if (result === undefined) return base;
  const { message, failedAtStep } = result;
  return { ...base, result: failedAtStep === undefined ? { message } : { message, failedAtStep } };
}

/** A keep-alive (no id) is not an event. */
export function isKeepAlive(event: CloudEvent): boolean {
  return event.id === '';
}

/** The JSON envelope of a protobuf CloudEvent whose `proto_data` is a check; undefined otherwise. */
export function toJsonCloudEvent(event: CloudEvent): CheckCloudEvent | undefined {
  if (event.data.case !== 'protoData') return undefined;
  const check = anyUnpack(event.data.value, CheckSchema);
  const state = check === undefined ? undefined : checkStateOf(check);
  return state === undefined ? undefined : toCloudEvent(state);
}
