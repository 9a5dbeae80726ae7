import * as z from 'zod/mini';
import type { Check } from '../checks/check';
import { checkIdSchema } from '../checks/check-input';
import { DomainError, InvalidJsonError } from '../shared/errors';
import { parseWith } from '../shared/validate';

/** What a client may send over the WebSocket (the contract in DESIGN.md). */
export type ClientRequest =
  | { readonly action: 'subscribe'; readonly checkId: string }
  | { readonly action: 'unsubscribe'; readonly checkId: string }
  | { readonly action: 'ping' };

export interface ErrorReply {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

/** What the server answers to a client message; check changes travel as CloudEvents instead. */
export type ServerReply =
  | { readonly type: 'subscribed'; readonly checkId: string; readonly check: Check }
  | { readonly type: 'unsubscribed'; readonly checkId: string }
  | { readonly type: 'pong' }
  | ErrorReply;

export class UnknownActionError extends DomainError {
  readonly code = 'UNKNOWN_ACTION';
}

const USAGE = 'use subscribe, unsubscribe or ping';

const checkMessageSchema = z.object({ checkId: checkIdSchema });

/** Parses a WebSocket frame, or throws InvalidJsonError, UnknownActionError or ValidationError. */
export function parseRequest(body: string | undefined): ClientRequest {
  let message: unknown;
  try {
    message = JSON.parse(body ?? '');
  } catch {
    throw new InvalidJsonError(`The message is not valid JSON; send {"action": ...} and ${USAGE}`);
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new UnknownActionError(`The message must be a JSON object with an "action"; ${USAGE}`);
  }
  const { action } = message as { action?: unknown };
  switch (action) {
    case 'ping':
      return { action };
    case 'subscribe':
    case 'unsubscribe':
      return { action, checkId: parseWith(checkMessageSchema, message, `${action} message`).checkId };
    case undefined:
      throw new UnknownActionError(`The message has no "action"; ${USAGE}`);
    default:
      throw new UnknownActionError(
        typeof action === 'string'
          ? `Unknown action "${action}"; ${USAGE}`
          : `The "action" must be a string; ${USAGE}`,
      );
  }
}

/** A domain failure as the client sees it: its messages are written for clients. */
export function errorReply(error: DomainError): ErrorReply {
  return { type: 'error', code: error.code, message: error.message };
}

/** What the client gets when something unexpected broke; the cause is never described to it. */
export const INTERNAL_ERROR_REPLY: ErrorReply = {
  type: 'error',
  code: 'INTERNAL',
  message: 'Internal error; try again',
};
