/** A plain object: what a template's properties, a policy document or a parsed JSON body must be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
