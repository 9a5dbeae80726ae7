import { deliveryTiming } from '../../../../bench/suites/fanout/delivery-timing';

describe('deliveryTiming', () => {
  it('times from the start and from the first delivery, whatever the order of arrival', () => {
    const timing = deliveryTiming(1_000, [1_300, 1_100, 1_200, 1_500]);
    expect(timing).toEqual({
      deliveries: 4,
      firstMs: 100,
      lastMs: 500,
      perSecondFromStart: 8,
      perSecondFromFirst: 10,
    });
  });

  it('refuses fewer than two deliveries', () => {
    expect(() => deliveryTiming(0, [5])).toThrow('at least two');
  });
});
