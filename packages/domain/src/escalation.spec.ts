import { nextEscalation } from './escalation';
import { DEFAULT_POLICY } from './policy';

const TODAY = new Date('2016-10-20T09:00:00+08:00');
const MOBILE = { ...DEFAULT_POLICY, singleToDoubleDate: '2016-11-01', doubleToCancelGraceDays: 30 };

describe('nextEscalation', () => {
  it('should announce double stop on the carrier date when the number is single-stopped', () => {
    expect(nextEscalation('single_stop', MOBILE, null, TODAY)).toEqual({
      to: 'double_stop',
      date: '2016-11-01',
      daysLeft: 12,
    });
  });

  it('should count the grace period from the day of double stop when the number is double-stopped', () => {
    expect(nextEscalation('double_stop', MOBILE, '2016-10-10', TODAY)).toEqual({
      to: 'cancelled',
      date: '2016-11-09',
      daysLeft: 20,
    });
  });

  it('should give zero days left when the date has passed and the job has not run yet', () => {
    expect(
      nextEscalation('single_stop', MOBILE, null, new Date('2016-11-03T09:00:00+08:00')),
    ).toMatchObject({
      daysLeft: 0,
    });
  });

  it('should return null when no date is scheduled or the state never escalates', () => {
    expect(nextEscalation('single_stop', DEFAULT_POLICY, null, TODAY)).toBeNull();
    expect(nextEscalation('double_stop', MOBILE, null, TODAY)).toBeNull();
    expect(nextEscalation('active', MOBILE, null, TODAY)).toBeNull();
    expect(nextEscalation('lift_pending', MOBILE, '2016-10-10', TODAY)).toBeNull();
    expect(nextEscalation('cancelled', MOBILE, '2016-10-10', TODAY)).toBeNull();
  });
});
