import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SETTING = /"NOTIFY_CONCURRENCY"\s*:\s*"(\d+)"/;

/** The notifier's `NOTIFY_CONCURRENCY` as a synthesized template sets it. */
export function notifyConcurrencyIn(templateText: string): number | undefined {
  const match = SETTING.exec(templateText);
  return match === null ? undefined : Number(match[1]);
}

/** Reads it from the assembly the sandbox ran (`.sandbox/cdk.out`). */
export function readNotifyConcurrency(projectDir: string): number | undefined {
  const assembly = join(projectDir, '.sandbox', 'cdk.out');
  try {
    for (const file of readdirSync(assembly).filter((name) => name.endsWith('.template.json'))) {
      const found = notifyConcurrencyIn(readFileSync(join(assembly, file), 'utf8'));
      if (found !== undefined) return found;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
