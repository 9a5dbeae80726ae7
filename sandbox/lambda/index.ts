/**
 * Lambda: each `AWS::Lambda::Function` of the template, run from its staged bundle in
 * isolated execution environments (a worker thread each) with AWS's runtime contract.
 */
import { sdkEnvironment, type SandboxAws } from '../platform/aws-environment';
import type { FunctionDefinition } from './functions';
import { LambdaService } from './lambda-service';

export { readFunctions, registerFunctions, type FunctionDefinition } from './functions';

export interface LambdaOptions {
  readonly aws: SandboxAws;
  /** Execution environments per function. */
  readonly maxConcurrency: number;
  readonly logSink: (functionName: string, line: string) => void;
}

/** The Lambda service over the functions: it invokes them, and `stop()` ends every environment. */
export function startLambda(
  functions: readonly FunctionDefinition[],
  { aws, maxConcurrency, logSink }: LambdaOptions,
): LambdaService {
  return new LambdaService(functions, {
    // The functions run on nodejs24.x on AWS; the SDK's warning about this machine's Node is not theirs.
    baseEnvironment: { ...sdkEnvironment(aws), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxConcurrency,
    logSink,
  });
}
