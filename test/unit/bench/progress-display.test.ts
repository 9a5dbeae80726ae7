import { formatElapsed, terminalProgress } from '../../../bench/progress-display';

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { output: { isTTY, columns: 80, write: (text: string) => written.push(text) }, written };
}

describe('terminal progress', () => {
  it('writes plain lines with the elapsed time when not on a TTY, ticks by tenths', () => {
    const { output, written } = recorder(false);
    let now = 0;
    const progress = terminalProgress(output, () => now, true);
    now = 65_000;
    progress.step('methods: SSE');
    for (let done = 1; done <= 100; done++) progress.tick(done, 100);
    progress.note('done');
    expect(written[0]).toBe('[1m05s] methods: SSE\n');
    expect(written.filter((line) => line.includes('/100'))).toHaveLength(10);
    expect(written.at(-1)).toBe('[1m05s] done\n');
    expect(written.every((line) => !line.includes('\r'))).toBe(true);
  });

  it('rewrites one line on a TTY and keeps notes above it', () => {
    const { output, written } = recorder(true);
    const progress = terminalProgress(output, () => 0, false);
    progress.step('fanout');
    progress.tick(1, 2);
    progress.note('a result');
    progress.done();
    expect(written[0]).toBe('\r\x1b[2K[0s] fanout');
    expect(written).toContain('[0s] a result\n');
    expect(written.at(-2)).toBe('\r\x1b[2K[0s] fanout 1/2');
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('formats elapsed time', () => {
    expect([0, 9_999, 60_000, 3_725_000].map(formatElapsed)).toEqual(['0s', '9s', '1m00s', '62m05s']);
  });
});
