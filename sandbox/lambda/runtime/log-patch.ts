import { format } from 'node:util';
import { intoError, toFormatted } from './errors';

type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/**
 * Replaces `console` as the runtime does in its default text format: each message becomes
 * one line, `<ISO time>\t<request id>\t<LEVEL>\t<message>`, its own newlines turned into `\r`.
 * Loggers that write to stdout themselves (Powertools) are untouched, as on Lambda.
 */
export function patchConsole(currentRequestId: () => string | undefined): void {
  const log =
    (level: Level) =>
    (message?: unknown, ...params: unknown[]): void => {
      const line = `${new Date().toISOString()}\t${currentRequestId()}\t${level}\t${format(message, ...params)}`;
      process.stdout.write(`${line.replace(/\n/g, '\r')}\n`);
    };
  const patched = console as Console & { fatal?: (message?: unknown, ...params: unknown[]) => void };
  patched.trace = log('TRACE');
  patched.debug = log('DEBUG');
  patched.info = log('INFO');
  patched.log = patched.info;
  patched.warn = log('WARN');
  patched.error = log('ERROR');
  patched.fatal = log('FATAL');
}

/** `structuredConsole.logError` of the runtime, in text format. */
export function logError(message: string, error: unknown): void {
  console.error(message, toFormatted(intoError(error)));
}
