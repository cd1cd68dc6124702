import { addDays, chinaDate, daysBetween, parseCalendarDate } from './dates';

describe('chinaDate', () => {
  it('should give the next day when it is already past midnight in Beijing but not in UTC', () => {
    expect(chinaDate(new Date('2016-10-31T16:00:00Z'))).toBe('2016-11-01');
    expect(chinaDate(new Date('2016-10-31T15:59:59Z'))).toBe('2016-10-31');
  });
});

describe('parseCalendarDate', () => {
  it('should split the date when the day exists', () => {
    expect(parseCalendarDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it.each([
    '1900-02-29',
    '2016-02-30',
    '2016-13-01',
    '2016-04-31',
    '2016-00-10',
    '2016-1-1',
    'yesterday',
  ])('should return undefined when given %s', (text) => {
    expect(parseCalendarDate(text)).toBeUndefined();
  });
});

describe('daysBetween and addDays', () => {
  it('should count days across a leap day when the year is a leap year', () => {
    expect(daysBetween('2016-02-28', '2016-03-01')).toBe(2);
    expect(daysBetween('2016-03-01', '2016-02-28')).toBe(-2);
    expect(addDays('2016-11-01', 30)).toBe('2016-12-01');
    expect(addDays('2016-12-31', 1)).toBe('2017-01-01');
  });
});
