import { createRegistry } from '@bufbuild/protobuf';
import { anyUnpack, timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { createClient, type Client, type Interceptor, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import {
  CheckSchema,
  CheckService,
  CheckStatus,
  file_checks_v1_checks,
  type Check as ProtoCheck,
} from '../../../client/gen/checks/v1/checks_pb';
import type { CloudEvent } from '../../../client/gen/io/cloudevents/v1/cloudevents_pb';
import type { Check } from '../../../lambda/checks/check';

/** An outside client's view: the schema from `client/gen`, Connect's official Node transports. */

export const registry = createRegistry(file_checks_v1_checks);

export type WireFormat = 'connect+json' | 'connect+proto' | 'grpc-web+proto';
export const WIRE_FORMATS: readonly WireFormat[] = ['connect+json', 'connect+proto', 'grpc-web+proto'];

function bearer(token: string | null): Interceptor {
  return (next) => (request) => {
    if (token !== null) request.header.set('Authorization', `Bearer ${token}`);
    return next(request);
  };
}

/** `baseUrl` is the REST stage URL plus `rpc`; HTTP/1.1, as API Gateway serves it. */
export function transportFor(format: WireFormat, baseUrl: string, token: string | null): Transport {
  const common = { baseUrl, httpVersion: '1.1' as const, interceptors: [bearer(token)] };
  if (format === 'grpc-web+proto') return createGrpcWebTransport({ ...common, useBinaryFormat: true });
  return createConnectTransport({
    ...common,
    useBinaryFormat: format === 'connect+proto',
    jsonOptions: { registry },
  });
}

export function checkClient(
  format: WireFormat,
  restUrl: string,
  token: string | null,
): Client<typeof CheckService> {
  return createClient(CheckService, transportFor(format, `${restUrl}rpc`, token));
}

const STATUS: Record<CheckStatus, Check['status'] | undefined> = {
  [CheckStatus.UNSPECIFIED]: undefined,
  [CheckStatus.PROCESSING]: 'processing',
  [CheckStatus.DONE]: 'done',
  [CheckStatus.FAILED]: 'failed',
};

function isoOf(timestamp: Timestamp | undefined, field: string): string {
  if (timestamp === undefined) throw new Error(`the check has no ${field}`);
  return timestampDate(timestamp).toISOString();
}

/** The protobuf check as the JSON contract has it, so both channels compare field by field. */
export function asContractCheck(check: ProtoCheck): Check {
  const status = STATUS[check.status];
  if (status === undefined) throw new Error(`check ${check.id} has no status`);
  const base = {
    id: check.id,
    status,
    progress: check.progress,
    version: check.version,
    target: check.target,
    createdAt: isoOf(check.createdAt, 'createdAt'),
    updatedAt: isoOf(check.updatedAt, 'updatedAt'),
  };
  if (check.result === undefined) return base;
  const { message, failedAtStep } = check.result;
  return { ...base, result: failedAtStep === undefined ? { message } : { message, failedAtStep } };
}

/** The check a CloudEvent carries as `proto_data`. */
export function checkOf(event: CloudEvent): ProtoCheck {
  if (event.data.case !== 'protoData') throw new Error(`event ${event.id} carries no proto_data`);
  const check = anyUnpack(event.data.value, CheckSchema);
  if (check === undefined) throw new Error(`event ${event.id} carries ${event.data.value.typeUrl}`);
  return check;
}

export interface Watched {
  readonly events: CloudEvent[];
  readonly keepAlives: number;
}

/**
 * Every message of a WatchCheck call until the server ends it; a message without an id is a
 * keep-alive. `onEvent` runs as each event arrives, before the next is read.
 */
export async function watchAll(
  client: Client<typeof CheckService>,
  id: string,
  afterVersion?: number,
  onEvent: (event: CloudEvent) => Promise<void> = async () => undefined,
): Promise<Watched> {
  const events: CloudEvent[] = [];
  let keepAlives = 0;
  for await (const message of client.watchCheck({ id, afterVersion }, { timeoutMs: 60_000 })) {
    if (message.id === '') {
      keepAlives += 1;
    } else {
      events.push(message);
      await onEvent(message);
    }
  }
  return { events, keepAlives };
}
