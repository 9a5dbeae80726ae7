import type { FunctionError } from './invoker';

/** Lambda's synchronous request limit (6 MiB), for Invoke and InvokeWithResponseStream alike. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** Lambda's buffered response limit: 6 MiB plus 100 bytes, as the runtime API enforces it. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** How Lambda phrases the errors the platform (not the function) reports: `RequestId: … Error: …`. */
function platformMessage(requestId: string, message: string): string {
  return `RequestId: ${requestId} Error: ${message}`;
}

export function timedOut(requestId: string, timeoutSeconds: number): FunctionError {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: platformMessage(requestId, `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`),
  };
}

/**
 * The runtime process ended during an invocation: with an exit code, or aborted by V8 when
 * its heap ran out (Lambda's bootstrap caps the heap below the function's memory).
 */
export function runtimeExited(requestId: string, termination: number | 'signal: aborted'): FunctionError {
  const reason =
    termination === 0
      ? 'Runtime exited without providing a reason'
      : `Runtime exited with error: ${typeof termination === 'number' ? `exit status ${termination}` : termination}`;
  return { errorType: 'Runtime.ExitError', errorMessage: platformMessage(requestId, reason) };
}

export function responseTooLarge(size: number): FunctionError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

export type InvokeOperation = 'Invoke' | 'InvokeWithResponseStream';

export function requestTooLarge(operation: InvokeOperation): FunctionError {
  return {
    errorType: 'RequestTooLargeException',
    errorMessage: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the ${operation} operation`,
  };
}

export function invalidRequestContent(reason: string): FunctionError {
  return {
    errorType: 'InvalidRequestContentException',
    errorMessage: `Could not parse request body into json: ${reason}`,
  };
}

export function functionNotFound(functionRef: string): FunctionError {
  return { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionRef}` };
}

/** What a streaming function's stream gets when the caller goes away: the connection reset. */
export function clientDisconnected(): FunctionError {
  return { errorType: 'Error', errorMessage: 'aborted' };
}

export function serviceStopped(): FunctionError {
  return { errorType: 'ServiceException', errorMessage: 'The sandbox Lambda service has stopped' };
}
