import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Resolver } from './resolver';

// zod/mini loads no locale; without one every issue would read just "Invalid input".
z.config(en());

/** A CloudFormation boolean: templates hold `true` or `"true"`. */
export const cfnBoolean = z.union([z.boolean(), z.stringbool()]);

/** A CloudFormation number: templates hold `5` or `"5"`. */
export const cfnNumber = z.coerce.number();

/** A value an AWS API takes as a string attribute (`"5"`, `"true"`). */
export const cfnScalar = z.pipe(
  z.union([z.string(), z.number(), z.boolean()]),
  z.transform((value) => String(value)),
);

/** A JSON document property (a policy): templates hold an object or its JSON text; APIs take the text. */
export const cfnJsonText = z.pipe(
  z.union([z.string(), z.record(z.string(), z.unknown())]),
  z.transform((value) => (typeof value === 'string' ? value : JSON.stringify(value))),
);

/**
 * Resolves the properties the schema names (only those: an ignored property may refer to a
 * resource the sandbox does not create, such as a KMS key) and parses them, or throws an error
 * that names the resource and every bad field.
 */
export function readProperties<S extends z.ZodMiniObject>(
  schema: S,
  properties: Readonly<Record<string, unknown>>,
  resolver: Pick<Resolver, 'resolve'>,
  resource: string,
): z.output<S> {
  const used = Object.keys(schema.shape).filter((key) => properties[key] !== undefined);
  const resolved = Object.fromEntries(used.map((key) => [key, resolver.resolve(properties[key])]));
  const result = schema.safeParse(resolved);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new Error(`${resource}: unexpected properties: ${problems.join('; ')}`);
}

/** The name CloudFormation generates, without its random suffix, so that it stays the same on every start. */
export function generatedName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}`;
}
