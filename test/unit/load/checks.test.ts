import { hasEnded, versionsOf } from '../../load/checks';

describe('versionsOf', () => {
  it('is the created version and one per step', () => {
    expect(versionsOf(1)).toEqual([1, 2]);
    expect(versionsOf(5)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('hasEnded', () => {
  it('holds for done and failed checks only', () => {
    expect(hasEnded({ status: 'done', version: 6 })).toBe(true);
    expect(hasEnded({ status: 'failed', version: 3 })).toBe(true);
    expect(hasEnded({ status: 'processing', version: 6 })).toBe(false);
  });
});
