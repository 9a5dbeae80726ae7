import { performance } from 'node:perf_hooks';
import { nowMs } from '../../../../bench/process/clock';

describe('nowMs', () => {
  let monotonic = 0;
  let wall = 0;

  beforeEach(() => {
    monotonic = 1_000_000;
    wall = 1_800_000_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => monotonic);
    jest.spyOn(Date, 'now').mockImplementation(() => wall);
  });

  afterEach(() => jest.restoreAllMocks());

  it('keeps the monotonic clock between anchors, for sub-millisecond differences', () => {
    const start = nowMs();
    monotonic += 0.25;
    wall += 0.25;
    expect(nowMs() - start).toBeCloseTo(0.25);
  });

  it('follows a step of the wall clock within a second, as the other processes see it', () => {
    nowMs();
    monotonic += 10;
    wall += 10 + 700;
    expect(Math.abs(nowMs() - wall)).toBeGreaterThan(600);
    monotonic += 1_000;
    wall += 1_000;
    expect(nowMs()).toBeCloseTo(wall);
  });
});
