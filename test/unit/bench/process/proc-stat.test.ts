import { descendantsOf, parentPidOf } from '../../../../bench/process/proc-stat';

describe('parentPidOf', () => {
  it('reads the parent after the command name, even one with spaces and parentheses', () => {
    expect(parentPidOf('4242 (java) S 4200 4242 4200 0 -1')).toBe(4200);
    expect(parentPidOf('17 (my (odd) name) R 9 17 9 0')).toBe(9);
  });

  it('is undefined for a line it cannot read', () => {
    expect(parentPidOf('garbage')).toBeUndefined();
  });
});

describe('descendantsOf', () => {
  it('finds children and their children, and nothing else', () => {
    const parents = new Map([
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 99],
    ]);
    expect(descendantsOf(1, parents)).toEqual([2, 3, 4]);
    expect(descendantsOf(5, parents)).toEqual([]);
  });
});
