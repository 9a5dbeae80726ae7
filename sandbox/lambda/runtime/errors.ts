import { types } from 'node:util';
import type { FunctionError } from '../invoker';

/** The runtime's own error classes, named `Runtime.<Class>` as the Node.js runtime names them. */
function runtimeError(name: string): new (message?: unknown) => Error {
  const RuntimeError = class extends Error {
    constructor(message?: unknown) {
      // The runtime passes the cause itself, so the message reads `Error: Cannot find module …`.
      super(String(message));
    }
  };
  RuntimeError.prototype.name = `Runtime.${name}`;
  return RuntimeError;
}

export const ImportModuleError = runtimeError('ImportModuleError');
export const HandlerNotFound = runtimeError('HandlerNotFound');
export const MalformedHandlerName = runtimeError('MalformedHandlerName');
export const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');
export const MalformedStreamingHandler = runtimeError('MalformedStreamingHandler');
export const InvalidStreamingOperation = runtimeError('InvalidStreamingOperation');
export const UnhandledPromiseRejection = runtimeError('UnhandledPromiseRejection');

interface ErrorLike {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

function isErrorLike(value: unknown): value is ErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  const { name, message, stack } = value as Partial<Record<keyof ErrorLike, unknown>>;
  return typeof name === 'string' && typeof message === 'string' && typeof stack === 'string';
}

/** The error payload the runtime posts for a failed invocation (`toRapidResponse`). */
export function toFunctionError(error: unknown): FunctionError {
  try {
    if (types.isNativeError(error) || isErrorLike(error)) {
      const { name, message, stack } = error as ErrorLike;
      return {
        errorType: name.replaceAll('\x7F', '%7F'),
        errorMessage: message.replaceAll('\x7F', '%7F'),
        trace: stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: (error as { toString(): string }).toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

export function intoError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** How the runtime prints an error in a log line: a tab, then its JSON with name, message and stack. */
export function toFormatted(error: Error): string {
  const withFields = (_key: string, value: unknown): unknown => {
    if (!(value instanceof Error)) return value;
    return {
      errorType: value.name,
      errorMessage: value.message,
      code: (value as { code?: unknown }).code,
      ...value,
      ...(typeof value.stack === 'string' ? { stack: value.stack.split('\n') } : {}),
    };
  };
  try {
    return `\t${JSON.stringify(error, withFields)}`;
  } catch {
    return `\t${JSON.stringify(toFunctionError(error))}`;
  }
}
