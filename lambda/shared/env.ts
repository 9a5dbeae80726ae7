/** Reads a variable at module load and fails loudly when it is missing, never `?? ''`. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** A variable holding JSON, parsed at module load. */
export function requireJsonEnv<T>(name: string): T {
  const text = requireEnv(name);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`Environment variable ${name} is not valid JSON`);
  }
}

/** A whole number of at least 1, or an error naming the variable and what it holds. */
export function positiveIntegerOf(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`Environment variable ${name} must be a positive integer, not "${text}"`);
  }
  return value;
}

/** A variable holding a positive integer, read at module load. */
export function requirePositiveIntegerEnv(name: string): number {
  return positiveIntegerOf(name, requireEnv(name));
}
