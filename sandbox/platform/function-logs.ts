import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface FunctionLogs {
  readonly sink: (functionName: string, line: string) => void;
  close(): Promise<void>;
}

/** One log file per function (and per API) under the state folder, as CloudWatch keeps one log group each. */
export function functionLogs(directory: string): FunctionLogs {
  mkdirSync(directory, { recursive: true });
  const files = new Map<string, WriteStream>();
  return {
    sink(functionName, line) {
      let file = files.get(functionName);
      if (file === undefined) {
        file = createWriteStream(join(directory, `${functionName}.log`), { flags: 'a' });
        files.set(functionName, file);
      }
      file.write(`${line}\n`);
    },
    async close() {
      await Promise.all(
        [...files.values()].map((file) => new Promise<void>((resolveEnd) => file.end(() => resolveEnd()))),
      );
    },
  };
}
