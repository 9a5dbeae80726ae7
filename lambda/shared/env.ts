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
