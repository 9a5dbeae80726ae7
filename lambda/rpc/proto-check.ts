import { create } from '@bufbuild/protobuf';
import { anyPack, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Check, CheckStatus } from '../checks/check';
import { toCloudEvent } from '../shared/cloud-event';
import {
  CheckSchema,
  CheckStatus as ProtoCheckStatus,
  type Check as ProtoCheck,
} from './gen/checks/v1/checks_pb';
import { CloudEventSchema, type CloudEvent } from './gen/io/cloudevents/v1/cloudevents_pb';

/** The check and its CloudEvent in protobuf: the same fields as the JSON contract's. */

const STATUS: Readonly<Record<CheckStatus, ProtoCheckStatus>> = {
  processing: ProtoCheckStatus.PROCESSING,
  done: ProtoCheckStatus.DONE,
  failed: ProtoCheckStatus.FAILED,
};

/** The spec's protobuf format: `datacontenttype` MAY be this when the data is `proto_data`. */
export const PROTO_DATA_CONTENT_TYPE = 'application/protobuf';

export function toProtoCheck(check: Check): ProtoCheck {
  return create(CheckSchema, {
    id: check.id,
    status: STATUS[check.status],
    progress: check.progress,
    version: check.version,
    target: check.target,
    result: check.result,
    createdAt: timestampFromDate(new Date(check.createdAt)),
    updatedAt: timestampFromDate(new Date(check.updatedAt)),
  });
}

/**
 * The CloudEvent of the JSON contract in the CloudEvents protobuf format: the required
 * attributes as fields, the optional ones in `attributes`, and the check as `proto_data`,
 * whose type URL is also its `dataschema`, as the format asks.
 */
export function toProtoCloudEvent(check: Check): CloudEvent {
  const event = toCloudEvent(check);
  const data = anyPack(CheckSchema, toProtoCheck(check));
  return create(CloudEventSchema, {
    id: event.id,
    source: event.source,
    specVersion: event.specversion,
    type: event.type,
    attributes: {
      subject: { attr: { case: 'ceString', value: event.subject } },
      time: { attr: { case: 'ceTimestamp', value: timestampFromDate(new Date(event.time)) } },
      datacontenttype: { attr: { case: 'ceString', value: PROTO_DATA_CONTENT_TYPE } },
      dataschema: { attr: { case: 'ceUri', value: data.typeUrl } },
    },
    data: { case: 'protoData', value: data },
  });
}

/**
 * What a watch sends when nothing changed for a while, so that no proxy and no API Gateway
 * idle timeout closes it: an empty message (5 bytes in binary, `{}` in JSON). A CloudEvent
 * always has an `id`, so a client tells the two apart by it.
 */
export function keepAlive(): CloudEvent {
  return create(CloudEventSchema);
}
