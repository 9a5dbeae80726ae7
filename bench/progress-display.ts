import type { Progress } from './progress';

interface Output {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Seconds since `start`, as `1m05s` or `12s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * Progress on a terminal: one line rewritten in place on a TTY; on a pipe or in CI, one plain
 * line per step and per tenth of a step's ticks, so a log stays readable.
 */
export function terminalProgress(
  output: Output = process.stdout,
  clock: () => number = Date.now,
  plain = !output.isTTY || process.env.CI !== undefined,
): Progress & { done(): void } {
  const start = clock();
  let label = '';
  let shownTenth = 0;
  let live = '';
  const stamp = () => `[${formatElapsed(clock() - start)}]`;
  const clear = () => {
    if (live !== '') output.write('\r\x1b[2K');
    live = '';
  };
  const show = (text: string) => {
    const width = Math.max(20, (output.columns ?? 100) - 1);
    live = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    output.write(`\r\x1b[2K${live}`);
  };
  return {
    step(next) {
      label = next;
      shownTenth = 0;
      if (plain) output.write(`${stamp()} ${label}\n`);
      else show(`${stamp()} ${label}`);
    },
    tick(done, total) {
      const text = `${stamp()} ${label} ${done}/${total}`;
      if (!plain) return show(text);
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth === shownTenth) return;
      shownTenth = tenth;
      output.write(`${text}\n`);
    },
    note(text) {
      if (plain) return void output.write(`${stamp()} ${text}\n`);
      const current = live;
      clear();
      output.write(`${stamp()} ${text}\n`);
      if (current !== '') show(current);
    },
    done() {
      if (!plain) clear();
    },
  };
}
