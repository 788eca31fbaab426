import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, weekday, WorkCalendar } from '../../src/domain/calendar.js';
import { cycleOf, nextCycle, type Cycle } from '../../src/domain/cycles.js';

// SPEC §2.4a: weekly = one ISO week (Monday–Sunday, key `YYYY-Www` in the ISO week-numbering year);
// biweekly = two ISO weeks, pairs counted from Monday 2001-01-01 (key: its first day + `/2W`);
// monthly = one calendar month (key `YYYY-MM`). Bounds are local dates, both inclusive.

const cycle = (key: string, start: string, end: string): Cycle => ({ key, start, end });

describe('weekly: one ISO week', () => {
  it.each([
    ['an ordinary Tuesday', '2026-03-10', cycle('2026-W11', '2026-03-09', '2026-03-15')],
    ['a Monday starts its week', '2026-03-09', cycle('2026-W11', '2026-03-09', '2026-03-15')],
    ['a Sunday belongs to the week started the Monday before', '2026-11-29', cycle('2026-W48', '2026-11-23', '2026-11-29')],
    ['a Sunday in week 53', '2027-01-03', cycle('2026-W53', '2026-12-28', '2027-01-03')],
    ['week 53 of 2026 starts Dec 28', '2026-12-28', cycle('2026-W53', '2026-12-28', '2027-01-03')],
    ['New Year 2027 is still in 2026-W53', '2027-01-01', cycle('2026-W53', '2026-12-28', '2027-01-03')],
    ['the last Sunday of 2026-W52', '2026-12-27', cycle('2026-W52', '2026-12-21', '2026-12-27')],
    ['2027-W01 starts Jan 4', '2027-01-04', cycle('2027-W01', '2027-01-04', '2027-01-10')],
    ['2026-W01 starts in the previous December', '2025-12-29', cycle('2026-W01', '2025-12-29', '2026-01-04')],
    ['New Year 2026 is in 2026-W01', '2026-01-01', cycle('2026-W01', '2025-12-29', '2026-01-04')],
    ['the Sunday before it is in 2025-W52', '2025-12-28', cycle('2025-W52', '2025-12-22', '2025-12-28')],
    ['2025-W01 starts in December 2024', '2024-12-30', cycle('2025-W01', '2024-12-30', '2025-01-05')],
    ['New Year 2016 (the seed) is in 2015-W53', '2016-01-01', cycle('2015-W53', '2015-12-28', '2016-01-03')],
    ['2016-W01 starts Jan 4', '2016-01-04', cycle('2016-W01', '2016-01-04', '2016-01-10')],
    ['2020-W53 ends in 2021', '2021-01-03', cycle('2020-W53', '2020-12-28', '2021-01-03')],
    ['National Day 2026 (a Thursday)', '2026-10-01', cycle('2026-W40', '2026-09-28', '2026-10-04')],
    ['the 调休 Saturday of 2016', '2016-10-08', cycle('2016-W40', '2016-10-03', '2016-10-09')],
  ] as const)('%s: %s', (_name, date, expected) => {
    expect(cycleOf('weekly', date)).toEqual(expected);
  });

  it('every day of a week has the same cycle, Monday to Sunday', () => {
    const week = cycleOf('weekly', '2026-12-30');
    for (let i = 0; i < 7; i++) expect(cycleOf('weekly', addDays(week.start, i))).toEqual(week);
    expect(weekday(week.start)).toBe(1);
    expect(weekday(week.end)).toBe(7);
  });
});

describe('biweekly: two ISO weeks counted from Monday 2001-01-01', () => {
  it.each([
    ['the epoch starts a cycle', '2001-01-01', cycle('2001-01-01/2W', '2001-01-01', '2001-01-14')],
    ['the second Sunday after the epoch ends it', '2001-01-14', cycle('2001-01-01/2W', '2001-01-01', '2001-01-14')],
    ['the next Monday starts the next one', '2001-01-15', cycle('2001-01-15/2W', '2001-01-15', '2001-01-28')],
    ['the day before the epoch ends the cycle before it', '2000-12-31', cycle('2000-12-18/2W', '2000-12-18', '2000-12-31')],
    ['New Year 2016 (the seed)', '2016-01-01', cycle('2015-12-28/2W', '2015-12-28', '2016-01-10')],
    ['the Spring Festival 2016', '2016-02-10', cycle('2016-02-08/2W', '2016-02-08', '2016-02-21')],
    ['New Year 2026', '2026-01-01', cycle('2025-12-29/2W', '2025-12-29', '2026-01-11')],
    ['the Spring Festival week 2026 is the second week of its cycle', '2026-02-16', cycle('2026-02-09/2W', '2026-02-09', '2026-02-22')],
    ['National Day week 2026 is the second week of its cycle', '2026-09-28', cycle('2026-09-21/2W', '2026-09-21', '2026-10-04')],
    ['2026-W53 starts a cycle spanning the year end', '2026-12-28', cycle('2026-12-28/2W', '2026-12-28', '2027-01-10')],
    ['2027-W01 is its second week', '2027-01-04', cycle('2026-12-28/2W', '2026-12-28', '2027-01-10')],
    ['2027-W02 starts the next', '2027-01-11', cycle('2027-01-11/2W', '2027-01-11', '2027-01-24')],
  ] as const)('%s: %s', (_name, date, expected) => {
    expect(cycleOf('biweekly', date)).toEqual(expected);
  });

  it.each([
    ['an ordinary pair of weeks', '2026-03-09', '2026-03-22'],
    ['a pair across the 2026 year end (W53 and W01)', '2026-12-28', '2027-01-10'],
    ['a pair across the 2015 year end (W53 and W01)', '2015-12-28', '2016-01-10'],
  ] as const)('two consecutive weeks share a cycle: %s', (_name, monday, sunday) => {
    const first = cycleOf('biweekly', monday);
    expect(cycleOf('biweekly', addDays(monday, 6))).toEqual(first);
    expect(cycleOf('biweekly', addDays(monday, 7))).toEqual(first);
    expect(cycleOf('biweekly', sunday)).toEqual(first);
    expect(first.end).toBe(sunday);
  });

  it('the alignment is stable across years: every cycle from 2015 to 2028 starts a whole number of fortnights after the epoch, and they tile', () => {
    let c = cycleOf('biweekly', '2015-01-01');
    while (c.start < '2028-01-01') {
      expect(weekday(c.start)).toBe(1);
      expect(daysBetween('2001-01-01', c.start) % 14).toBe(0);
      expect(daysBetween(c.start, c.end)).toBe(13);
      const next = nextCycle('biweekly', c);
      expect(next.start).toBe(addDays(c.end, 1));
      c = next;
    }
  });
});

describe('monthly: one calendar month', () => {
  it.each([
    ['February of a leap year (the seed)', '2016-02-15', cycle('2016-02', '2016-02-01', '2016-02-29')],
    ['February 2024, leap', '2024-02-29', cycle('2024-02', '2024-02-01', '2024-02-29')],
    ['February 2026', '2026-02-10', cycle('2026-02', '2026-02-01', '2026-02-28')],
    ['February 2000, leap (divisible by 400)', '2000-02-01', cycle('2000-02', '2000-02-01', '2000-02-29')],
    ['February 2100, not leap (divisible by 100)', '2100-02-10', cycle('2100-02', '2100-02-01', '2100-02-28')],
    ['a 31-day month, first day', '2026-01-01', cycle('2026-01', '2026-01-01', '2026-01-31')],
    ['a 31-day month, last day', '2026-01-31', cycle('2026-01', '2026-01-01', '2026-01-31')],
    ['a 30-day month, last day', '2026-04-30', cycle('2026-04', '2026-04-01', '2026-04-30')],
    ['a 30-day month, first day', '2026-09-01', cycle('2026-09', '2026-09-01', '2026-09-30')],
    ['October (National Day)', '2026-10-07', cycle('2026-10', '2026-10-01', '2026-10-31')],
    ['December', '2026-12-31', cycle('2026-12', '2026-12-01', '2026-12-31')],
  ] as const)('%s: %s', (_name, date, expected) => {
    expect(cycleOf('monthly', date)).toEqual(expected);
  });
});

describe('nextCycle', () => {
  it.each([
    ['weekly, ordinary', 'weekly', '2026-03-10', cycle('2026-W12', '2026-03-16', '2026-03-22')],
    ['weekly, W52 → W53', 'weekly', '2026-12-21', cycle('2026-W53', '2026-12-28', '2027-01-03')],
    ['weekly, W53 → next year W01', 'weekly', '2026-12-28', cycle('2027-W01', '2027-01-04', '2027-01-10')],
    ['weekly, 2025-W52 → 2026-W01 starting in December', 'weekly', '2025-12-22', cycle('2026-W01', '2025-12-29', '2026-01-04')],
    ['weekly, 2015-W53 → 2016-W01', 'weekly', '2016-01-01', cycle('2016-W01', '2016-01-04', '2016-01-10')],
    ['biweekly, from the epoch', 'biweekly', '2001-01-01', cycle('2001-01-15/2W', '2001-01-15', '2001-01-28')],
    ['biweekly, across the year end', 'biweekly', '2026-12-20', cycle('2026-12-28/2W', '2026-12-28', '2027-01-10')],
    ['biweekly, out of the year-end cycle', 'biweekly', '2027-01-01', cycle('2027-01-11/2W', '2027-01-11', '2027-01-24')],
    ['monthly, December → January of the next year', 'monthly', '2026-12-15', cycle('2027-01', '2027-01-01', '2027-01-31')],
    ['monthly, January → leap February', 'monthly', '2016-01-31', cycle('2016-02', '2016-02-01', '2016-02-29')],
    ['monthly, January → February', 'monthly', '2026-01-31', cycle('2026-02', '2026-02-01', '2026-02-28')],
    ['monthly, February → March', 'monthly', '2024-02-29', cycle('2024-03', '2024-03-01', '2024-03-31')],
    ['monthly, September → October', 'monthly', '2026-09-30', cycle('2026-10', '2026-10-01', '2026-10-31')],
  ] as const)('%s (after the cycle of %s)', (_name, cadence, date, expected) => {
    expect(nextCycle(cadence, cycleOf(cadence, date))).toEqual(expected);
  });
});

// SPEC §2.4a: an item's prompt for a cycle is due on the cycle's first working day; a cycle with no
// working day gets no prompt.
describe('the prompt day of a cycle whose first days are off', () => {
  const calendar = new WorkCalendar();
  const promptDay = (cadence: 'weekly' | 'biweekly' | 'monthly', date: string) => {
    const c = cycleOf(cadence, date);
    return calendar.firstWorkingDayIn(c.start, c.end);
  };

  it.each([
    ['weekly: an ordinary week → its Monday', 'weekly', '2026-03-12', '2026-03-09'],
    ['weekly: National Day 2026 starts on Thursday → the Monday before it', 'weekly', '2026-10-01', '2026-09-28'],
    ['weekly: the week after, Monday–Wednesday still off → Thursday Oct 8', 'weekly', '2026-10-07', '2026-10-08'],
    ['weekly: National Day week 2016 → the 调休 Saturday Oct 8', 'weekly', '2016-10-05', '2016-10-08'],
    ['weekly: Spring Festival week 2016 → the 调休 Sunday Feb 14', 'weekly', '2016-02-10', '2016-02-14'],
    ['weekly: Spring Festival week 2026 is entirely off → no prompt', 'weekly', '2026-02-18', null],
    ['weekly: the week after, Monday Feb 23 still off → Tuesday', 'weekly', '2026-02-23', '2026-02-24'],
    ['weekly: 2026-W01, New Year on Thursday → Monday Dec 29 2025', 'weekly', '2026-01-01', '2025-12-29'],
    ['weekly: 2027-W01 (2027 not in the package) → Monday', 'weekly', '2027-01-06', '2027-01-04'],
    ['biweekly: the pair ending with National Day 2026 → its Monday', 'biweekly', '2026-10-01', '2026-09-21'],
    ['biweekly: the pair after National Day 2026 → Thursday Oct 8', 'biweekly', '2026-10-05', '2026-10-08'],
    ['biweekly: the pair starting with National Day week 2016 → the 调休 Saturday', 'biweekly', '2016-10-03', '2016-10-08'],
    ['monthly: October 2026 → Oct 8, after National Day', 'monthly', '2026-10-20', '2026-10-08'],
    ['monthly: October 2016 → the 调休 Saturday Oct 8', 'monthly', '2016-10-20', '2016-10-08'],
    ['monthly: February 2026, Spring Festival mid-month → Monday Feb 2', 'monthly', '2026-02-20', '2026-02-02'],
    ['monthly: February 2016, Spring Festival in week 2 → Monday Feb 1', 'monthly', '2016-02-10', '2016-02-01'],
    ['monthly: January 2026 → the 调休 Sunday Jan 4, after 元旦', 'monthly', '2026-01-15', '2026-01-04'],
    ['monthly: May 2026 → Wednesday May 6, after 劳动节', 'monthly', '2026-05-20', '2026-05-06'],
  ] as const)('%s', (_name, cadence, date, expected) => {
    expect(promptDay(cadence, date)).toBe(expected);
  });
});
