import { create, createRegistry, fromBinary, fromJsonString, toBinary } from '@bufbuild/protobuf';
import { anyUnpack, timestampDate } from '@bufbuild/protobuf/wkt';
import {
  CheckSchema,
  file_checks_v1_checks,
  WatchCheckRequestSchema,
} from '../../../../client/gen/checks/v1/checks_pb';
import { CloudEventSchema, type CloudEvent } from '../../../../client/gen/io/cloudevents/v1/cloudevents_pb';
import { openRequest } from '../../../wire/http-request';
import type { MethodSession } from '../types';
import { HttpWatcher, sessionOf } from './http-watcher';
import { checkUrl, inBatches, type RunSpec } from './run-spec';

/** WatchCheck over the Connect protocol, by hand so every byte is on a counted socket. */
export type ConnectFormat = 'proto' | 'json';

const registry = createRegistry(file_checks_v1_checks);
const END_STREAM = 0x02;

function envelope(message: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

function requestBody(format: ConnectFormat, id: string): Buffer {
  if (format === 'json') return envelope(Buffer.from(JSON.stringify({ id })));
  return envelope(toBinary(WatchCheckRequestSchema, create(WatchCheckRequestSchema, { id })));
}

function decode(format: ConnectFormat, payload: Buffer): CloudEvent {
  return format === 'proto'
    ? fromBinary(CloudEventSchema, payload)
    : fromJsonString(CloudEventSchema, payload.toString('utf8'), { registry });
}

/** Each whole envelope in `buffered`, and the bytes of one not yet complete. */
function* frames(buffered: Buffer): Generator<{ flag: number; payload: Buffer }, Buffer> {
  let at = 0;
  while (buffered.length - at >= 5 && buffered.length - at - 5 >= buffered.readUInt32BE(at + 1)) {
    const length = buffered.readUInt32BE(at + 1);
    yield { flag: buffered.readUInt8(at), payload: buffered.subarray(at + 5, at + 5 + length) };
    at += 5 + length;
  }
  return buffered.subarray(at);
}

function take(watcher: HttpWatcher, event: CloudEvent, payloadBytes: number, finalVersion: number): void {
  if (event.data.case !== 'protoData') return;
  const check = anyUnpack(event.data.value, CheckSchema);
  const time = event.attributes.time?.attr;
  if (check === undefined || time?.case !== 'ceTimestamp') return;
  const at = Date.now();
  watcher.commits.set(check.version, timestampDate(time.value).getTime());
  const attached = watcher.readyAt !== 0;
  watcher.received.push({ version: check.version, at, payloadBytes, phase: attached ? 'steady' : 'setup' });
  if (!attached) watcher.attach(at);
  if (check.version >= finalVersion) watcher.endAt = at;
}

async function stream(watcher: HttpWatcher, url: string, spec: RunSpec, id: string, format: ConnectFormat) {
  const response = await openRequest(watcher.agent, watcher.meter, {
    method: 'POST',
    url,
    headers: {
      Authorization: `Bearer ${spec.token}`,
      'Content-Type': `application/connect+${format}`,
      'Connect-Protocol-Version': '1',
    },
    body: requestBody(format, id),
    timeoutMs: 120_000,
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`POST ${url} answered ${response.statusCode}`);
  }
  let buffered: Buffer = Buffer.alloc(0);
  for await (const chunk of response) {
    const parts = frames(Buffer.concat([buffered, chunk as Buffer]));
    for (let next = parts.next(); ; next = parts.next()) {
      if (next.done === true) {
        buffered = next.value;
        break;
      }
      const { flag, payload } = next.value;
      if ((flag & END_STREAM) === END_STREAM) {
        const end = JSON.parse(payload.toString('utf8')) as { error?: { code: string } };
        if (end.error !== undefined) throw new Error(`WatchCheck ended with ${end.error.code}`);
        continue;
      }
      const event = decode(format, payload);
      if (event.id !== '') take(watcher, event, payload.length, spec.finalVersion);
    }
  }
}

/**
 * N clients each holding `WatchCheck` (Connect, protobuf or JSON): the first event (the
 * current state) attaches a client; the stream ends after the final version. The same held
 * invocation as SSE, so the bytes are what this run compares.
 */
export async function runConnect(spec: RunSpec, format: ConnectFormat): Promise<MethodSession> {
  const checkId = await spec.createCheck();
  const url = checkUrl(spec.restUrl, 'rpc/checks.v1.CheckService/WatchCheck');
  const watchers = Array.from({ length: spec.clients }, () => new HttpWatcher(false));
  const errors: string[] = [];
  await inBatches(spec.clients, spec.clients, (index) =>
    stream(watchers[index], url, spec, checkId, format).catch((error: Error) => {
      errors.push(error.message);
    }),
  );
  const notes = errors.length > 0 ? [`${errors.length} streams failed, e.g. ${errors[0]}`] : [];
  return sessionOf(checkId, watchers, notes);
}
