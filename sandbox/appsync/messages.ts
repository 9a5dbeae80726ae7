import * as z from 'zod/mini';
import type { EventApiError } from './errors';
import type { PublishResult } from './publish';

const authorization = z.optional(z.record(z.string(), z.unknown()));

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection_init') }),
  z.object({ type: z.literal('subscribe'), id: z.string(), channel: z.string(), authorization }),
  z.object({ type: z.literal('unsubscribe'), id: z.string() }),
  z.object({
    type: z.literal('publish'),
    id: z.string(),
    channel: z.string(),
    events: z.unknown(),
    authorization,
  }),
]);

export type ClientMessage = z.output<typeof clientMessage>;

export type MessageParse =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly id?: string; readonly type?: string; readonly error: EventApiError };

function fieldOf(value: unknown, name: string): string | undefined {
  const field =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** A client's text frame: JSON with a known `type` and the fields that type needs. */
export function parseClientMessage(text: string): MessageParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: { errorType: 'BadRequestException', message: 'The message is not valid JSON' },
    };
  }
  const parsed = clientMessage.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = fieldOf(json, 'id');
  const type = fieldOf(json, 'type');
  const known = ['connection_init', 'subscribe', 'unsubscribe', 'publish'].includes(type ?? '');
  return {
    ok: false,
    ...(id === undefined ? {} : { id }),
    ...(type === undefined ? {} : { type }),
    error: known
      ? {
          errorType: 'BadRequestException',
          message: `Invalid ${type} message: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}`,
        }
      : {
          errorType: 'UnsupportedOperation',
          message: `${type ?? 'A message without a type'} not supported through the realtime channel`,
        },
  };
}

/** The server's messages, as AppSync Events writes them. */
export const serverMessage = {
  connectionAck: (connectionTimeoutMs: number) => ({ type: 'connection_ack', connectionTimeoutMs }),
  connectionError: (errors: readonly EventApiError[]) => ({ type: 'connection_error', errors }),
  keepAlive: () => ({ type: 'ka' }),
  subscribeSuccess: (id: string) => ({ type: 'subscribe_success', id }),
  subscribeError: (id: string, errors: readonly EventApiError[]) => ({ type: 'subscribe_error', id, errors }),
  data: (id: string, event: string) => ({ type: 'data', id, event }),
  unsubscribeSuccess: (id: string) => ({ type: 'unsubscribe_success', id }),
  unsubscribeError: (id: string, errors: readonly EventApiError[]) => ({
    type: 'unsubscribe_error',
    id,
    errors,
  }),
  publishSuccess: (id: string, result: PublishResult) => ({
    type: 'publish_success',
    id,
    successful: result.successful,
    failed: result.failed,
  }),
  publishError: (id: string, errors: readonly EventApiError[]) => ({ type: 'publish_error', id, errors }),
  error: (errors: readonly EventApiError[], id?: string) => ({
    type: 'error',
    ...(id === undefined ? {} : { id }),
    errors,
  }),
};
