import { describe, expect, it } from 'vitest';
import { calendarPackageKnowsYear, yearWithoutCalendar } from '../../src/domain/calendar.js';

describe('the coming year without a calendar', () => {
  const knows = (years: number[]) => (year: number) => years.includes(year);
  it.each<[string, number[], number, number | null, string]>([
    ['2026-10-31', [2026], 0, null, 'October: too early to warn'],
    ['2026-11-01', [2026], 0, 2027, 'from 1 November'],
    ['2026-12-31', [2026], 0, 2027, 'through December'],
    ['2026-11-15', [2026, 2027], 0, null, 'the package has next year'],
    ['2026-11-15', [2026], 3, null, 'next year has imported days'],
    ['2027-01-05', [2026], 0, null, 'January: the new year has begun, nothing to warn ahead of'],
  ])('%s, package %j, %i imported → %s (%s)', (today, years, imported, expected) => {
    expect(yearWithoutCalendar(today, knows(years), imported)).toBe(expected);
  });

  it('reads the years from the chinese-days data', () => {
    expect(calendarPackageKnowsYear(2026)).toBe(true);
    expect(calendarPackageKnowsYear(1999)).toBe(false);
  });
});
