import {
  connectionCapacity,
  parseOpenFilesLimit,
  planSizes,
} from '../../../../bench/process/descriptor-capacity';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            20000                20000                files
Max locked memory         8388608              8388608              bytes
`;

describe('parseOpenFilesLimit', () => {
  it('reads the soft and hard open-files limits of /proc/<pid>/limits', () => {
    expect(parseOpenFilesLimit(LIMITS)).toEqual({ soft: 20_000, hard: 20_000 });
    expect(parseOpenFilesLimit('Max open files            1024     unlimited    files\n')).toEqual({
      soft: 1024,
      hard: Number.POSITIVE_INFINITY,
    });
  });

  it('refuses limits without the line', () => {
    expect(() => parseOpenFilesLimit('Max cpu time unlimited unlimited seconds\n')).toThrow(/Max open files/);
  });
});

describe('connectionCapacity', () => {
  it('is the soft limit less what is open and the headroom, never negative', () => {
    expect(connectionCapacity({ soft: 20_000, hard: 20_000 }, 180, 1_000)).toBe(18_820);
    expect(connectionCapacity({ soft: 1_024, hard: 4_096 }, 200, 1_000)).toBe(0);
  });
});

describe('planSizes', () => {
  it('keeps the sizes that fit as they are', () => {
    expect(planSizes([1_000, 5_000], 18_820)).toEqual([
      { measured: 1_000, requested: [1_000] },
      { measured: 5_000, requested: [5_000] },
    ]);
  });

  it('caps the sizes above the capacity, and those capped alike share one plan', () => {
    expect(planSizes([1_000, 5_000, 20_000, 50_000], 18_820)).toEqual([
      { measured: 1_000, requested: [1_000] },
      { measured: 5_000, requested: [5_000] },
      { measured: 18_820, requested: [20_000, 50_000] },
    ]);
  });

  it('refuses a size it cannot measure at all', () => {
    expect(() => planSizes([1_000], 1)).toThrow(/cannot be measured/);
  });
});
