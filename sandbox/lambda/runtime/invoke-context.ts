import type { ToEnvironment } from '../worker-messages';

type Invocation = Extract<ToEnvironment, { type: 'invoke' }>;

/**
 * Adds to a handler's context what the runtime copies from the environment and from the
 * invocation's headers (`InvokeContext.attachEnvironmentData`).
 */
export function attachInvocationData<T extends object>(base: T, invocation: Invocation) {
  const env = process.env;
  return Object.assign(base, {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.requestId,
    tenantId: undefined,
    getRemainingTimeInMillis: () => invocation.deadlineMs - Date.now(),
  });
}

/** `callbackWaitsForEmptyEventLoop`, a flag every context carries. */
export function eventLoopFlag(): { callbackWaitsForEmptyEventLoop: boolean } {
  return { callbackWaitsForEmptyEventLoop: true };
}
