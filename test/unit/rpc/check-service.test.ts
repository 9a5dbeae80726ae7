import { anyUnpack } from '@bufbuild/protobuf/wkt';
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
} from '@connectrpc/connect';
import type { StoredCheck } from '../../../lambda/checks/check';
import type { JobMessage, JobQueue } from '../../../lambda/checks/job-message';
import {
  AUTHORIZED_TENANT,
  createCheckService,
  RESUME_MESSAGE,
  STREAM_DEADLINE,
} from '../../../lambda/rpc/check-service';
import { CheckSchema, CheckService, CheckStatus } from '../../../lambda/rpc/gen/checks/v1/checks_pb';
import type { CloudEvent } from '../../../lambda/rpc/gen/io/cloudevents/v1/cloudevents_pb';
import { checkAt, FakeClock } from '../checks/support';
import { CHECK_ID, OTHER_TENANT, TENANT } from '../support/checks';
import { InMemoryCheckStore } from '../support/in-memory-check-store';

class RecordingQueue implements JobQueue {
  readonly sent: JobMessage[] = [];
  failWith: Error | undefined;

  async enqueue(message: JobMessage): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.sent.push(message);
  }
}

/** What the Lambda adapter puts in the context: here from test headers. */
const context: Interceptor = (next) => (request) => {
  request.contextValues.set(AUTHORIZED_TENANT, request.header.get('x-tenant') ?? undefined);
  const deadline = request.header.get('x-deadline');
  if (deadline !== null) request.contextValues.set(STREAM_DEADLINE, Number(deadline));
  return next(request);
};

async function codeOf(call: Promise<unknown>): Promise<[Code, string]> {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    return [connectError.code, connectError.rawMessage];
  }
  throw new Error('the call succeeded');
}

describe('checks.v1.CheckService', () => {
  let store: InMemoryCheckStore;
  let queue: RecordingQueue;
  let clock: FakeClock;
  /** Each read of the check moves it to the next of these states; the last one stays. */
  let states: StoredCheck[];

  function client(tenant: string | null = TENANT, deadline?: number) {
    const transport = createRouterTransport(
      ({ service }) =>
        service(
          CheckService,
          createCheckService({ store, queue, newId: () => CHECK_ID, sleep: clock.sleep, now: clock.now }),
        ),
      { router: { interceptors: [context] } },
    );
    const headers: Record<string, string> = {};
    if (tenant !== null) headers['x-tenant'] = tenant;
    if (deadline !== undefined) headers['x-deadline'] = String(deadline);
    return { api: createClient(CheckService, transport), headers };
  }

  async function watch(afterVersion?: number, deadline?: number): Promise<CloudEvent[]> {
    const { api, headers } = client(TENANT, deadline);
    const messages: CloudEvent[] = [];
    for await (const message of api.watchCheck({ id: CHECK_ID, afterVersion }, { headers }))
      messages.push(message);
    return messages;
  }

  const versionOf = (event: CloudEvent) =>
    event.data.case === 'protoData' ? anyUnpack(event.data.value, CheckSchema)?.version : undefined;

  beforeEach(() => {
    clock = new FakeClock();
    queue = new RecordingQueue();
    states = [checkAt(1)];
    store = new InMemoryCheckStore(checkAt(1));
    const get = store.get.bind(store);
    let reads = 0;
    store.get = async (tenant, id) => {
      const state = states[Math.min(reads, states.length - 1)];
      reads += 1;
      if (state !== undefined) store.checks.set(id, state);
      return get(tenant, id);
    };
  });

  it('creates a check for the tenant, queues its job and answers the check', async () => {
    store.checks.clear();
    const { api, headers } = client();

    const check = await api.createCheck({ target: 'example.org', steps: 2, stepMs: 0 }, { headers });

    expect(check).toMatchObject({ id: CHECK_ID, status: CheckStatus.PROCESSING, version: 1, progress: 0 });
    expect(store.checks.get(CHECK_ID)).toMatchObject({ tenant: TENANT, job: { steps: 2, stepMs: 0 } });
    expect(queue.sent).toEqual([{ tenant: TENANT, checkId: CHECK_ID }]);
  });

  it.each([
    [{ target: '' }, /target/],
    [{ target: 'x', steps: 21 }, /steps/],
    [{ target: 'x', steps: 2, failAtStep: 3 }, /failAtStep: must not be greater than steps/],
  ])('refuses %j with invalid_argument', async (input, message) => {
    const { api, headers } = client();

    const [code, text] = await codeOf(api.createCheck(input, { headers }));

    expect(code).toBe(Code.InvalidArgument);
    expect(text).toMatch(message);
    expect(queue.sent).toEqual([]);
  });

  it('answers unavailable when the job cannot be queued', async () => {
    store.checks.clear();
    queue.failWith = new Error('SQS is down');
    const { api, headers } = client();

    expect(await codeOf(api.createCheck({ target: 'x' }, { headers }))).toEqual([
      Code.Unavailable,
      'The check could not be started; try again later',
    ]);
  });

  it("answers not_found for another tenant's check and invalid_argument for a bad id", async () => {
    const other = client(OTHER_TENANT);
    const mine = client();

    expect((await codeOf(other.api.getCheck({ id: CHECK_ID }, { headers: other.headers })))[0]).toBe(
      Code.NotFound,
    );
    expect((await codeOf(mine.api.getCheck({ id: 'nope' }, { headers: mine.headers })))[0]).toBe(
      Code.InvalidArgument,
    );
    expect(await mine.api.getCheck({ id: CHECK_ID }, { headers: mine.headers })).toMatchObject({
      version: 1,
    });
  });

  it('answers unauthenticated when the authorizer named no tenant', async () => {
    const { api, headers } = client(null);

    expect(await codeOf(api.getCheck({ id: CHECK_ID }, { headers }))).toEqual([
      Code.Unauthenticated,
      'Unauthorized',
    ]);
  });

  it('watches the current state, then every newer version, and ends after the final one', async () => {
    states = [checkAt(1), checkAt(1), checkAt(2), checkAt(3), checkAt(3), checkAt(4)];

    const events = await watch();

    expect(events.map((event) => [versionOf(event), event.type])).toEqual([
      [1, 'check.created'],
      [2, 'check.progress'],
      [3, 'check.progress'],
      [4, 'check.done'],
    ]);
  });

  it('resumes after after_version, and sends nothing when the caller has the final version', async () => {
    states = [checkAt(2), checkAt(3), checkAt(4)];
    expect((await watch(2)).map(versionOf)).toEqual([3, 4]);

    states = [checkAt(4)];
    expect(await watch(4)).toEqual([]);
  });

  it('sends an empty keep-alive after 10 s without a change, and ends with unavailable at the deadline', async () => {
    const deadline = clock.now() + 25_000;
    const messages: CloudEvent[] = [];
    const { api, headers } = client(TENANT, deadline);

    const [code, message] = await codeOf(
      (async () => {
        for await (const event of api.watchCheck({ id: CHECK_ID }, { headers })) messages.push(event);
      })(),
    );

    expect([code, message]).toEqual([Code.Unavailable, RESUME_MESSAGE]);
    expect(messages.map((event) => event.id)).toEqual([`${CHECK_ID}:1`, '', '']);
    expect(clock.now()).toBe(deadline);
  });

  it('ends with not_found when the check disappears mid-stream', async () => {
    const { api, headers } = client();
    store.get = (() => {
      let reads = 0;
      return async () => (reads++ === 0 ? checkAt(1) : undefined);
    })();

    expect(
      (
        await codeOf(
          (async () => {
            for await (const event of api.watchCheck({ id: CHECK_ID }, { headers })) void event;
          })(),
        )
      )[0],
    ).toBe(Code.NotFound);
  });
});
