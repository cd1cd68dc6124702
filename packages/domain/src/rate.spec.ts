import { TARGETS, realNameRate } from './rate';

describe('realNameRate', () => {
  it('should divide registered by numbers in service when some are stopped', () => {
    expect(realNameRate({ registered: 96, singleStop: 3, doubleStop: 1, cancelled: 50 })).toBe(
      0.96,
    );
  });

  it('should leave cancelled numbers out of the base when numbers have been recycled', () => {
    const before = realNameRate({ registered: 90, singleStop: 5, doubleStop: 5, cancelled: 0 });
    const after = realNameRate({ registered: 90, singleStop: 5, doubleStop: 0, cancelled: 5 });
    expect(after).toBeGreaterThan(before);
  });

  it('should be 1 when there are no numbers at all', () => {
    expect(realNameRate({ registered: 0, singleStop: 0, doubleStop: 0, cancelled: 3 })).toBe(1);
  });

  it('should meet the October target when 96% are registered', () => {
    const rate = realNameRate({
      registered: 2_880_000,
      singleStop: 80_000,
      doubleStop: 40_000,
      cancelled: 0,
    });
    expect(rate).toBeGreaterThanOrEqual(TARGETS.byOctoberEnd);
    expect(rate).toBeLessThan(TARGETS.byYearEnd);
  });
});
