import { heldMemory } from '../../../../bench/suites/connections/held-memory';

describe('heldMemory', () => {
  it('divides the growth over the median baseline by the connections, per sample', () => {
    const memory = heldMemory(
      { samples: [1_000, 1_200, 1_100], steady: true },
      { samples: [3_100, 3_300], steady: false },
      100,
      42,
    );
    expect(memory.perConnectionBytes).toEqual([20, 22]);
    expect(memory.connectMs).toBe(42);
    expect(memory.steady).toEqual({ before: true, after: false });
  });
});
