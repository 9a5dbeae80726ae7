import type { FunctionDefinition } from './functions';

/** Where the sandbox puts what a Lambda execution environment gets from the platform. */
export interface PlatformPaths {
  /** Plays `/var/runtime/node_modules`: the AWS SDK the runtime provides, found through NODE_PATH. */
  readonly runtimeNodeModules: string;
  /** Plays `/var/runtime`. */
  readonly runtimeDirectory: string;
  /** The host's PATH, so a function can still spawn what it could spawn on Lambda (`node`, `sh`). */
  readonly path: string | undefined;
}

/** `2026/11/23/[$LATEST]<32 hex>`, as Lambda names a new environment's log stream. */
export function logStreamName(now: Date, hex32: string): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${hex32}`;
}

function regionOf(arn: string): string {
  return arn.split(':')[3];
}

/**
 * The V8 heap cap Lambda's Node.js bootstrap sets from the function's memory: a tenth goes
 * to the young generation, the rest to `--max-old-space-size`.
 */
export function oldSpaceMb(memoryMb: number): number {
  return memoryMb - Math.floor(memoryMb / 10);
}

/**
 * An environment's variables: the reserved ones Lambda sets, then the sandbox's base (SDK
 * endpoints and credentials), then the function's own, which win as in the template. Lambda
 * would refuse a template that sets a reserved name; the sandbox lets it through.
 */
export function environmentVariables(
  definition: FunctionDefinition,
  streamName: string,
  baseEnvironment: Readonly<Record<string, string>>,
  platform: PlatformPaths,
): Record<string, string> {
  const region = regionOf(definition.arn);
  const reserved: Record<string, string> = {
    _HANDLER: definition.handler,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: definition.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: definition.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: streamName,
    LAMBDA_TASK_ROOT: definition.codeDirectory,
    LAMBDA_RUNTIME_DIR: platform.runtimeDirectory,
    LANG: 'en_US.UTF-8',
    NODE_PATH: `${platform.runtimeNodeModules}:${definition.codeDirectory}`,
    TZ: 'UTC',
    ...(platform.path === undefined ? {} : { PATH: platform.path }),
  };
  return { ...reserved, ...baseEnvironment, ...definition.environment };
}
