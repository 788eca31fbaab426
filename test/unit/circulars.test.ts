import { describe, expect, it } from 'vitest';
import { chineseHolidayName, WorkCalendar } from '../../src/domain/calendar.js';
import { holidayOf, holidayWindows, workingDaysBefore } from '../../src/domain/circulars.js';

const packageCalendar = () => {
  const calendar = new WorkCalendar();
  return { isWorkingDay: (date: string) => calendar.isWorkingDay(date), nameOf: chineseHolidayName };
};

// 2027 is not in the package yet: the admin imports its days, as `calendar:` does.
const spring2027 = ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'];
const importedCalendar = () => {
  const calendar = new WorkCalendar({ overrides: spring2027.map((date) => ({ date, working: false, name: '春节' })) });
  return { isWorkingDay: (date: string) => calendar.isWorkingDay(date), nameOf: (date: string) => (spring2027.includes(date) ? '春节' : null) };
};

describe('holiday windows', () => {
  it.each([
    ['元旦', 'new_year'],
    ["New Year's Day,元旦,1", 'new_year'],
    ['Spring Festival,春节,4', 'spring_festival'],
    ['Tomb-sweeping Day,清明,1', 'qingming'],
    ['端午节', 'dragon_boat'],
    ['Mid-autumn Festival,中秋,1', 'mid_autumn'],
    ['National Day,国庆节,3', 'national_day'],
    ['Labour Day,劳动节,2', null],
    [null, null],
  ] as const)('%s is %s', (name, holiday) => {
    expect(holidayOf(name)).toBe(holiday);
  });

  it('finds the six holidays of 2026 in the package data, each by its first day off, and not Labour Day', () => {
    const windows = holidayWindows('2026-01-01', '2026-12-31', packageCalendar());
    expect(windows.map((window) => window.holidays.join('+'))).toEqual(['new_year', 'spring_festival', 'qingming', 'dragon_boat', 'mid_autumn', 'national_day']);
    expect(holidayWindows('2025-12-20', '2026-01-10', packageCalendar())).toEqual([{ firstDayOff: '2026-01-01', holidays: ['new_year'] }]);
    expect(windows.find((window) => window.holidays.includes('spring_festival'))?.firstDayOff).toBe('2026-02-15');
  });

  it('a weekend just before the named days belongs to the window', () => {
    // 2027-02-06 is a Saturday and named; with only the weekdays named, the window still starts on Saturday.
    const calendar = new WorkCalendar({ overrides: spring2027.slice(2).map((date) => ({ date, working: false })) });
    const view = { isWorkingDay: (date: string) => calendar.isWorkingDay(date), nameOf: (date: string) => (spring2027.slice(2).includes(date) ? '春节' : null) };
    expect(holidayWindows('2027-01-15', '2027-03-01', view)).toEqual([{ firstDayOff: '2027-02-06', holidays: ['spring_festival'] }]);
  });

  it('uses imported days where the package has no year yet', () => {
    expect(holidayWindows('2027-01-15', '2027-03-01', importedCalendar())).toEqual([{ firstDayOff: '2027-02-06', holidays: ['spring_festival'] }]);
  });

  it.each([
    ['five working days before a Saturday start', '2027-02-06', 5, '2027-02-01'],
    ['one working day before', '2027-02-06', 1, '2027-02-05'],
    ['across a weekend', '2027-02-08', 1, '2027-02-05'],
  ])('%s', (_name, date, n, expected) => {
    expect(workingDaysBefore(date, n, importedCalendar().isWorkingDay)).toBe(expected);
  });
});
