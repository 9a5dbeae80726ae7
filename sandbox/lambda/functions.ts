import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import { parseHandlerName } from './handler-name';
import { isRecord } from '../platform/is-record';

/** A function of the template, as the sandbox's Lambda service runs it. */
export interface FunctionDefinition {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The staged asset folder: the function's `LAMBDA_TASK_ROOT`. */
  readonly codeDirectory: string;
  /** As configured (`src/app.handler`): the runtime reads it from `_HANDLER`. */
  readonly handler: string;
  /** The module file, relative to the code directory, without extension (`src/app`). */
  readonly handlerModule: string;
  /** The export the runtime calls, possibly nested (`handler`). */
  readonly handlerExport: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly logGroupName: string;
  readonly environment: Readonly<Record<string, string>>;
}

const FUNCTION_TYPE = 'AWS::Lambda::Function';
const MAX_NAME_LENGTH = 64;

function functionName(
  stack: SynthesizedStack,
  resolver: Resolver,
  logicalId: string,
  properties: Record<string, unknown>,
): string {
  if (properties.FunctionName !== undefined) return resolver.resolveString(properties.FunctionName);
  // CloudFormation appends a random suffix; the sandbox keeps names stable across runs instead.
  return `${stack.stackName}-${logicalId}`.slice(0, MAX_NAME_LENGTH);
}

function functionArn(resolver: Resolver, name: string): string {
  const { region, accountId } = resolver.pseudoParameters;
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

/**
 * Registers what `Ref` and `Fn::GetAtt …Arn` give for each function. It runs before other
 * resources resolve their properties, since environments and integrations name functions.
 */
export function registerFunctions(stack: SynthesizedStack, resolver: Resolver): void {
  for (const { logicalId, properties } of resourcesOfType(stack.template, FUNCTION_TYPE)) {
    const name = functionName(stack, resolver, logicalId, properties);
    resolver.register(logicalId, { ref: name, attributes: { Arn: functionArn(resolver, name) } });
  }
}

function codeDirectory(
  stack: SynthesizedStack,
  resolver: Resolver,
  logicalId: string,
  properties: Record<string, unknown>,
) {
  const code = isRecord(properties.Code) ? properties.Code : {};
  if (code.ZipFile !== undefined) {
    throw new Error(
      `Function ${logicalId} has inline code (Code.ZipFile); the sandbox runs only bundled assets`,
    );
  }
  if (code.ImageUri !== undefined || properties.PackageType === 'Image') {
    throw new Error(`Function ${logicalId} is a container image; the sandbox runs only Node.js zip assets`);
  }
  if (code.S3Key === undefined) throw new Error(`Function ${logicalId} has no Code.S3Key`);
  return stack.assetDirectory(resolver.resolveString(code.S3Key));
}

function numberOr(resolver: Resolver, value: unknown, fallback: number): number {
  return value === undefined ? fallback : Number(resolver.resolve(value));
}

function variables(resolver: Resolver, environment: unknown): Record<string, string> {
  const declared = isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
  return Object.fromEntries(
    Object.entries(declared).map(([key, value]) => [key, resolver.resolveString(value)]),
  );
}

function logGroupName(resolver: Resolver, loggingConfig: unknown, name: string): string {
  const logGroup = isRecord(loggingConfig) ? loggingConfig.LogGroup : undefined;
  return logGroup === undefined ? `/aws/lambda/${name}` : resolver.resolveString(logGroup);
}

function nodeRuntime(resolver: Resolver, logicalId: string, properties: Record<string, unknown>): string {
  const runtime = properties.Runtime === undefined ? '' : resolver.resolveString(properties.Runtime);
  if (!runtime.startsWith('nodejs')) {
    throw new Error(
      `Function ${logicalId} uses runtime '${runtime}'; the sandbox runs only Node.js functions`,
    );
  }
  return runtime;
}

function handlerOf(resolver: Resolver, logicalId: string, properties: Record<string, unknown>) {
  if (properties.Handler === undefined) throw new Error(`Function ${logicalId} has no Handler`);
  const handler = resolver.resolveString(properties.Handler);
  try {
    const { moduleRoot, module, exportPath } = parseHandlerName(handler);
    return { handler, handlerModule: moduleRoot + module, handlerExport: exportPath };
  } catch (error) {
    throw new Error(`Function ${logicalId}: ${(error as Error).message}`);
  }
}

/** Reads every function, once all the resources its properties name are registered. */
export function readFunctions(stack: SynthesizedStack, resolver: Resolver): FunctionDefinition[] {
  return resourcesOfType(stack.template, FUNCTION_TYPE).map(({ logicalId, properties }) => {
    const codeDirectoryOfFunction = codeDirectory(stack, resolver, logicalId, properties);
    const runtime = nodeRuntime(resolver, logicalId, properties);
    const name = functionName(stack, resolver, logicalId, properties);
    return {
      logicalId,
      name,
      arn: functionArn(resolver, name),
      codeDirectory: codeDirectoryOfFunction,
      ...handlerOf(resolver, logicalId, properties),
      runtime,
      timeoutSeconds: numberOr(resolver, properties.Timeout, 3),
      memoryMb: numberOr(resolver, properties.MemorySize, 128),
      logGroupName: logGroupName(resolver, properties.LoggingConfig, name),
      environment: variables(resolver, properties.Environment),
    };
  });
}
