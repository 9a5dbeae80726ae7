import { randomUUID } from 'node:crypto';
import {
  Code,
  ConnectError,
  createContextKey,
  type HandlerContext,
  type ServiceImpl,
} from '@connectrpc/connect';
import { toPublicCheck, type StoredCheck } from '../checks/check';
import { checkIdSchema, createCheckSchema } from '../checks/check-input';
import type { CheckStore } from '../checks/check-store';
import { followCheck, type StreamEnd } from '../checks/follow-check';
import type { JobQueue } from '../checks/job-message';
import { submitCheck } from '../checks/submit-check';
import { NotFoundError } from '../shared/errors';
import { checkTenant } from '../shared/http';
import { logger } from '../shared/logger';
import { parseWith } from '../shared/validate';
import { toConnectError } from './connect-errors';
import type { CheckService } from './gen/checks/v1/checks_pb';
import type { CloudEvent } from './gen/io/cloudevents/v1/cloudevents_pb';
import { keepAlive, toProtoCheck, toProtoCloudEvent } from './proto-check';

/** The tenant the authorizer named, as the request context carried it: checked before any read. */
export const AUTHORIZED_TENANT = createContextKey<unknown>(undefined, { description: 'authorized tenant' });

/** Epoch milliseconds by which a watch must end, before the function's time runs out. */
export const STREAM_DEADLINE = createContextKey<number>(Number.POSITIVE_INFINITY, {
  description: 'stream deadline',
});

/** The message a watch ends with at its deadline, with `unavailable`: the caller resumes. */
export const RESUME_MESSAGE =
  'The stream reached its time limit: call WatchCheck again with the last version received as after_version';

export interface CheckServiceDeps {
  readonly store: CheckStore;
  readonly queue: JobQueue;
  readonly newId?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

/** Runs `fn`, answering any failure as the Connect error it stands for. */
async function connectErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toConnectError(error);
  }
}

/** Reads the tenant's check, counting the reads, so a watch can log what it cost. */
function checkReader(store: CheckStore, tenant: string, id: string) {
  let reads = 0;
  return {
    read: (): Promise<StoredCheck | undefined> => {
      reads += 1;
      return store.get(tenant, id);
    },
    reads: () => reads,
  };
}

/**
 * `checks.v1.CheckService`: the REST contract's checks over Connect and gRPC-Web, with the
 * same validation, tenancy (another tenant's check is `not_found`) and stores.
 */
export function createCheckService({
  store,
  queue,
  newId = randomUUID,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now = Date.now,
}: CheckServiceDeps): ServiceImpl<typeof CheckService> {
  const tenantOf = (context: HandlerContext): string => checkTenant(context.values.get(AUTHORIZED_TENANT));

  async function openCheck(context: HandlerContext, rawId: string) {
    const tenant = tenantOf(context);
    const id = parseWith(checkIdSchema, rawId, 'check id');
    const reader = checkReader(store, tenant, id);
    const first = await reader.read();
    if (first === undefined) throw new NotFoundError(`Check ${id} not found`);
    return { id, first, ...reader };
  }

  return {
    createCheck: (request, context) =>
      connectErrors(async () => {
        const tenant = tenantOf(context);
        const { target, steps, stepMs, failAtStep } = request;
        const input = parseWith(createCheckSchema, { target, steps, stepMs, failAtStep }, 'check');
        const check = await submitCheck(store, queue, { id: newId(), tenant, input, now: new Date(now()) });
        return toProtoCheck(toPublicCheck(check));
      }),

    getCheck: (request, context) =>
      connectErrors(async () => toProtoCheck(toPublicCheck((await openCheck(context, request.id)).first))),

    async *watchCheck(request, context): AsyncGenerator<CloudEvent> {
      const opened = await connectErrors(() => openCheck(context, request.id));
      const steps = followCheck({
        first: opened.first,
        resumeAfter: request.afterVersion,
        read: opened.read,
        isOpen: () => !context.signal.aborted,
        sleep,
        now,
        deadline: context.values.get(STREAM_DEADLINE),
      });
      let events = 0;
      let end: StreamEnd;
      for (;;) {
        const step = await connectErrors(() => steps.next());
        if (step.done === true) {
          end = step.value;
          break;
        }
        if (step.value.kind === 'keep-alive') {
          yield keepAlive();
        } else {
          yield toProtoCloudEvent(toPublicCheck(step.value.check));
          events += 1;
        }
      }
      logger.info('Watch ended', { checkId: opened.id, reads: opened.reads(), end, events });
      if (end === 'deadline') throw new ConnectError(RESUME_MESSAGE, Code.Unavailable);
      if (end === 'gone') throw toConnectError(new NotFoundError(`Check ${opened.id} no longer exists`));
    },
  };
}
