/**
 * `$context` variables as mapping expressions and templates name them: the request context
 * flattened with dots (`identity.sourceIp`, `authorizer.tenant`), values as strings.
 */
export function flattenContext(value: object, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      Object.assign(flat, flattenContext(item, `${name}.`));
    } else if (item !== null && item !== undefined) {
      flat[name] = String(item);
    }
  }
  return flat;
}
