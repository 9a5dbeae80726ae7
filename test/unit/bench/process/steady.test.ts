import { isSteady } from '../../../../bench/process/steady';

describe('isSteady', () => {
  it('waits for a full window of samples', () => {
    expect(isSteady([100, 100], 3, 0.01)).toBe(false);
  });

  it('accepts the last samples once they agree within the tolerance, whatever came before', () => {
    expect(isSteady([500, 300, 100, 100.5, 100.2], 3, 0.01)).toBe(true);
  });

  it('refuses samples that still move', () => {
    expect(isSteady([100, 95, 90], 3, 0.01)).toBe(false);
  });
});
