import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { e2eTarget } from './support/endpoints';
import { expectEveryVersion } from './support/contract';
import {
  asContractCheck,
  checkClient,
  checkOf,
  watchAll,
  WIRE_FORMATS,
  type WireFormat,
} from './support/connect-clients';
import { callGrpcWebText } from './support/grpc-web-text';
import { tenantSession, type TenantSession } from './support/suite';
import {
  CheckSchema,
  GetCheckRequestSchema,
  WatchCheckRequestSchema,
} from '../../client/gen/checks/v1/checks_pb';
import { CloudEventSchema } from '../../client/gen/io/cloudevents/v1/cloudevents_pb';

/** The code a failed call ends with, or a failure of the test when it did not fail. */
async function codeOf(call: Promise<unknown>): Promise<Code> {
  try {
    await call;
  } catch (error) {
    return ConnectError.from(error).code;
  }
  throw new Error('the call succeeded');
}

describe.each(WIRE_FORMATS)(
  'Connect / gRPC-Web over HTTP/1.1 (%s): /rpc/checks.v1.CheckService',
  (format: WireFormat) => {
    let session: TenantSession;
    let other: TenantSession;
    /** `null` sends no token. */
    const client = (token: string | null = session.token) => checkClient(format, e2eTarget().restUrl, token);

    beforeAll(async () => {
      [session, other] = await Promise.all([
        tenantSession(`rpc-${format.replace(/\W/g, '-')}`),
        tenantSession(`rpc-other`),
      ]);
    });

    it('creates a check and reads it as the REST API has it', async () => {
      const created = await client().createCheck({ target: 'rpc.example', steps: 2, stepMs: 0 });

      const check = asContractCheck(created);
      expect(check).toMatchObject({ version: 1, status: 'processing', progress: 0, target: 'rpc.example' });
      const rest = await session.api.getCheck(created.id);
      expect(rest.status).toBe(200);
      expect(rest.json).toMatchObject({ id: check.id, target: check.target, createdAt: check.createdAt });
      const done = await session.api.followToEnd(created.id);
      expect(asContractCheck(await client().getCheck({ id: created.id }))).toEqual(done);
    });

    it('watches every version in order, as CloudEvents carrying the check, and ends after check.done', async () => {
      const created = await client().createCheck({ target: 'rpc-watch.example', steps: 3, stepMs: 1500 });

      // Streamed, not buffered: the first event arrives while the check still runs.
      const statusAtFirst: unknown[] = [];
      const { events } = await watchAll(client(), created.id, undefined, async () => {
        if (statusAtFirst.length === 0) statusAtFirst.push((await session.api.getCheck(created.id)).json);
      });

      expect(statusAtFirst).toEqual([expect.objectContaining({ status: 'processing' })]);

      const versions = events.map((event) => checkOf(event).version);
      expectEveryVersion(versions, 1, 4);
      expect(new Set(versions).size).toBe(versions.length);
      const last = events[events.length - 1];
      expect(last?.type).toBe('check.done');
      for (const event of events) {
        const check = checkOf(event);
        expect(event).toMatchObject({
          id: `${created.id}:${check.version}`,
          source: '/checks',
          specVersion: '1.0',
        });
        expect(event.attributes.subject?.attr).toEqual({ case: 'ceString', value: created.id });
        expect(event.attributes.dataschema?.attr).toEqual({
          case: 'ceUri',
          value: 'type.googleapis.com/checks.v1.Check',
        });
        const time = event.attributes.time?.attr;
        expect(time?.case).toBe('ceTimestamp');
        if (time?.case === 'ceTimestamp')
          expect(timestampDate(time.value).toISOString()).toBe(asContractCheck(check).updatedAt);
      }
      expect(asContractCheck(checkOf(last ?? events[0]))).toEqual(await session.api.followToEnd(created.id));
    });

    it('resumes after after_version, and sends nothing to a caller that has the final version', async () => {
      const created = await client().createCheck({
        target: 'rpc-resume.example',
        steps: 3,
        stepMs: 0,
        failAtStep: 3,
      });
      await session.api.followToEnd(created.id);

      const resumed = await watchAll(client(), created.id, 2);
      const complete = await watchAll(client(), created.id, 4);

      expect(resumed.events.map((event) => [checkOf(event).version, event.type])).toEqual([
        [4, 'check.failed'],
      ]);
      expect(complete.events).toEqual([]);
    });

    it("answers not_found for another tenant's check, unary and streaming", async () => {
      const created = await client().createCheck({ target: 'rpc-tenancy.example', steps: 1, stepMs: 0 });
      const intruder = client(other.token);

      expect(await codeOf(intruder.getCheck({ id: created.id }))).toBe(Code.NotFound);
      expect(await codeOf(watchAll(intruder, created.id))).toBe(Code.NotFound);
      expect(await codeOf(client().getCheck({ id: randomUUID() }))).toBe(Code.NotFound);
    });

    it('answers invalid_argument for bad input, never an internal error', async () => {
      const cases = [
        client().getCheck({ id: 'not-a-uuid' }),
        watchAll(client(), 'not-a-uuid'),
        client().createCheck({ target: '' }),
        client().createCheck({ target: 'x', steps: 50 }),
        client().createCheck({ target: 'x', steps: 2, failAtStep: 3 }),
      ];

      expect(await Promise.all(cases.map(codeOf))).toEqual(cases.map(() => Code.InvalidArgument));
    });

    it('answers unauthenticated to a call without a token or with a bad one', async () => {
      const id = randomUUID();

      expect(await codeOf(client(null).getCheck({ id }))).toBe(Code.Unauthenticated);
      expect(await codeOf(watchAll(client(null), id))).toBe(Code.Unauthenticated);
      expect(await codeOf(client('not-a-token').getCheck({ id }))).toBe(Code.Unauthenticated);
    });
  },
);

describe('gRPC-Web text (application/grpc-web-text), by hand', () => {
  let session: TenantSession;
  const methodUrl = (method: string) => `${e2eTarget().restUrl}rpc/checks.v1.CheckService/${method}`;

  beforeAll(async () => {
    session = await tenantSession('rpc-text');
  });

  it('streams the CloudEvents base64-encoded and ends with grpc-status 0', async () => {
    const created = await session.api.createCheck({ target: 'rpc-text.example', steps: 2, stepMs: 0 });
    await session.api.followToEnd(created.id);

    const call = await callGrpcWebText(
      methodUrl('WatchCheck'),
      session.token,
      { schema: WatchCheckRequestSchema, message: { id: created.id, afterVersion: 1 } },
      CloudEventSchema,
    );

    expect({ status: call.status, contentType: call.contentType }).toEqual({
      status: 200,
      contentType: 'application/grpc-web-text+proto',
    });
    expect(call.messages.map((event) => [checkOf(event).version, event.type])).toEqual([[3, 'check.done']]);
    expect(call.trailer['grpc-status']).toBe('0');
  });

  it('answers a check it cannot find with grpc-status 5 (not_found)', async () => {
    const call = await callGrpcWebText(
      methodUrl('GetCheck'),
      session.token,
      { schema: GetCheckRequestSchema, message: { id: randomUUID() } },
      CheckSchema,
    );

    expect(call.status).toBe(200);
    expect(call.messages).toEqual([]);
    expect(call.trailer['grpc-status']).toBe(String(Code.NotFound));
  });
});
