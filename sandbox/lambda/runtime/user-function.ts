import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHandlerName } from '../handler-name';
import {
  HandlerNotFound,
  ImportModuleError,
  MalformedHandlerName,
  MalformedStreamingHandler,
  UserCodeSyntaxError,
} from './errors';
import { HttpResponseStream } from './http-response-stream';

export type UserHandler = ((...args: unknown[]) => unknown) & {
  [HANDLER_STREAMING]?: unknown;
  [HANDLER_HIGHWATERMARK]?: unknown;
};

export interface HandlerMetadata {
  readonly streaming: boolean;
  readonly highWaterMark: number | undefined;
  /** `(event, context, callback)` and not async: the style Lambda is retiring. */
  readonly callbackStyle: boolean;
}

// The runtime's own marker keys: registered symbols, so any code that looks for them finds the same ones.
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';

/** The `awslambda` global the runtime defines before loading the handler's module. */
function installGlobal(): void {
  const flag = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (flag === '1' || flag === 'true') return;
  (globalThis as { awslambda?: unknown }).awslambda = {
    streamifyResponse: (handler: UserHandler, options?: { highWaterMark?: unknown }) => {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === 'number')
        handler[HANDLER_HIGHWATERMARK] = Math.trunc(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}

function isTypeModule(folder: string): boolean {
  if (folder.endsWith('/node_modules')) return false;
  const packageJson = join(folder, 'package.json');
  if (existsSync(packageJson)) {
    try {
      return (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type === 'module';
    } catch {
      return false;
    }
  }
  const parent = dirname(folder);
  return parent === folder ? false : isTypeModule(parent);
}

const requireFile = createRequire(__filename);

async function importModule(path: string): Promise<unknown> {
  return import(pathToFileURL(path).href);
}

/** The runtime's lookup order: extensionless, `.js` (CommonJS unless `type: module`), `.mjs`, `.cjs`, then Node's resolution. */
async function requireUserModule(appRoot: string, moduleRoot: string, module: string): Promise<unknown> {
  const base = resolve(appRoot, moduleRoot, module);
  if (existsSync(base)) return requireFile(base);
  if (existsSync(`${base}.js`))
    return isTypeModule(dirname(base)) ? importModule(`${base}.js`) : requireFile(`${base}.js`);
  if (existsSync(`${base}.mjs`)) return importModule(`${base}.mjs`);
  if (existsSync(`${base}.cjs`)) return requireFile(`${base}.cjs`);
  return requireFile(requireFile.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadUserModule(appRoot: string, moduleRoot: string, module: string): Promise<unknown> {
  installGlobal();
  try {
    return await requireUserModule(appRoot, moduleRoot, module);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') throw new ImportModuleError(error);
    throw error;
  }
}

/** Loads the handler named by `handler` from the code directory, failing as the runtime fails. */
export async function loadHandler(appRoot: string, handler: string): Promise<UserHandler> {
  let name;
  try {
    name = parseHandlerName(handler);
  } catch (error) {
    throw new MalformedHandlerName((error as Error).message);
  }
  const userModule = await loadUserModule(appRoot, name.moduleRoot, name.module);
  const found = name.exportPath
    .split('.')
    .reduce<unknown>((nested, key) => (nested as Record<string, unknown> | undefined)?.[key], userModule);
  if (!found) throw new HandlerNotFound(`${handler} is undefined or not exported`);
  if (typeof found !== 'function') throw new HandlerNotFound(`${handler} is not a function`);
  return found as UserHandler;
}

export function handlerMetadata(handler: UserHandler): HandlerMetadata {
  const mark = handler[HANDLER_STREAMING];
  if (mark !== undefined && mark !== null && mark !== false && mark !== STREAM_RESPONSE) {
    throw new MalformedStreamingHandler('Only response streaming is supported.');
  }
  const highWaterMark = Number.parseInt(String(handler[HANDLER_HIGHWATERMARK]), 10);
  const streaming = mark === STREAM_RESPONSE;
  return {
    streaming,
    highWaterMark: Number.isNaN(highWaterMark) ? undefined : highWaterMark,
    callbackStyle: !streaming && handler.length === 3 && handler.constructor.name !== 'AsyncFunction',
  };
}
