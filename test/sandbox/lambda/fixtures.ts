import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionDefinition } from '../../../sandbox/lambda/functions';

/** Writes small CommonJS bundles, as esbuild would stage them, into a fresh folder. */
export function writeBundles(files: Record<string, string>): { readonly directory: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'sandbox-lambda-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), source);
  }
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

export function definition(
  codeDirectory: string,
  name: string,
  handler: string,
  overrides: Partial<FunctionDefinition> = {},
): FunctionDefinition {
  const dot = handler.indexOf('.', handler.lastIndexOf('/') + 1);
  return {
    logicalId: name.replace(/[^A-Za-z0-9]/g, ''),
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    codeDirectory,
    handler,
    handlerModule: handler.slice(0, dot),
    handlerExport: handler.slice(dot + 1),
    runtime: 'nodejs24.x',
    timeoutSeconds: 3,
    memoryMb: 128,
    logGroupName: `/aws/lambda/${name}`,
    environment: {},
    ...overrides,
  };
}

/** Reads a streaming body chunk by chunk, so a test can stop between two chunks. */
export function reader(body: AsyncIterable<Buffer>): { next(): Promise<Buffer | undefined> } {
  const iterator = body[Symbol.asyncIterator]();
  return {
    async next() {
      const { value, done } = await iterator.next();
      return done === true ? undefined : (value as Buffer);
    },
  };
}

export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Collects every log line per function. */
export function logCollector(): {
  readonly sink: (functionName: string, line: string) => void;
  lines(functionName: string): string[];
} {
  const lines: Array<[string, string]> = [];
  return {
    sink: (functionName, line) => lines.push([functionName, line]),
    lines: (functionName) => lines.filter(([name]) => name === functionName).map(([, line]) => line),
  };
}
