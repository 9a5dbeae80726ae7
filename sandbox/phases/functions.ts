import { readFunctions, startLambda, type FunctionDefinition } from '../lambda';
import type { SandboxAws } from '../platform/aws-environment';
import type { DeferredInvoker } from '../platform/deferred-invoker';
import type { StartContext } from './context';
import type { Engines } from './engines';

/** Builds every function of the template and lets the invoker the APIs hold call them; returns them. */
export function startFunctions(
  { config, progress, stoppers, logs }: StartContext,
  { stack, resolver }: Engines,
  aws: SandboxAws,
  invoker: DeferredInvoker,
): readonly FunctionDefinition[] {
  const functions = readFunctions(stack, resolver);
  const lambda = startLambda(functions, {
    aws,
    maxConcurrency: config.lambdaConcurrency,
    logSink: logs.sink,
  });
  stoppers.add('functions', 'functions', () => lambda.stop());
  invoker.attach(lambda);
  progress(`${functions.length} functions ready`);
  return functions;
}
