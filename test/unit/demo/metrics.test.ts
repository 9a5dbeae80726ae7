import { formatBytes, formatMs, maximum, median, summarize } from '../../../demo/src/metrics';

describe('median', () => {
  it('is undefined for no values', () => {
    expect(median([])).toBeUndefined();
  });

  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('maximum', () => {
  it('is undefined for no values, else the largest', () => {
    expect(maximum([])).toBeUndefined();
    expect(maximum([5, -1, 12, 7])).toBe(12);
  });
});

describe('summarize', () => {
  it('gives a row per pane, in order, with the median and maximum delay', () => {
    expect(
      summarize([
        { method: 'Short polling', events: 3, requests: 7, bytes: 900, delaysMs: [800, 100, 500] },
        { method: 'WebSocket', events: 0, requests: 2, bytes: 40, delaysMs: [] },
      ]),
    ).toEqual([
      { method: 'Short polling', events: 3, requests: 7, bytes: 900, medianDelayMs: 500, maxDelayMs: 800 },
      {
        method: 'WebSocket',
        events: 0,
        requests: 2,
        bytes: 40,
        medianDelayMs: undefined,
        maxDelayMs: undefined,
      },
    ]);
  });
});

describe('formatting', () => {
  it('writes bytes in B, KiB or MiB', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MiB');
  });

  it('writes whole milliseconds, and a dash for none', () => {
    expect(formatMs(12.6)).toBe('13 ms');
    expect(formatMs(undefined)).toBe('–');
  });
});
