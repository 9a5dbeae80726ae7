import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { InvalidJsonError, ValidationError } from './errors';

// zod/mini loads no locale, so without this every issue would read just "Invalid input".
// English is what classic zod used, so clients keep the same messages. Every schema whose
// messages reach a client is parsed through parseWith, which is why it is set here.
z.config(en());

/** Parses `value` with `schema`, or throws a ValidationError that names every bad field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new ValidationError(`Invalid ${what}: ${problems.join('; ')}`);
}

/** Parses a JSON text, or throws InvalidJsonError; an absent body counts as an empty one. */
export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') {
    throw new InvalidJsonError('The request body must be a JSON object');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidJsonError('The request body is not valid JSON');
  }
}
