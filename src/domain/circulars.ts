import { addDays } from './calendar.js';

/** The holidays the seed names for circulars (通报曝光): 元旦, 春节, 清明, 端午, 中秋, 国庆. */
export const CIRCULAR_HOLIDAYS = ['new_year', 'spring_festival', 'qingming', 'dragon_boat', 'mid_autumn', 'national_day'] as const;
export type CircularHoliday = (typeof CIRCULAR_HOLIDAYS)[number];

// Names as the calendar package writes them ("Spring Festival,春节,4") or as an admin imports them.
const patterns: [CircularHoliday, RegExp][] = [
  ['new_year', /元旦|new year/i],
  ['spring_festival', /春节|spring festival|chinese new year/i],
  ['qingming', /清明|qingming|tomb/i],
  ['dragon_boat', /端午|dragon boat/i],
  ['mid_autumn', /中秋|mid-?autumn/i],
  ['national_day', /国庆|national day/i],
];

/** Which of the holidays a day's name is, or null (Labour Day and unnamed days are none of them). */
export const holidayOf = (name: string | null | undefined): CircularHoliday | null =>
  name ? (patterns.find(([, pattern]) => pattern.test(name))?.[0] ?? null) : null;

/** A holiday window: the run of days off around one or more of the holidays, named by its first day. */
export interface HolidayWindow {
  firstDayOff: string;
  holidays: CircularHoliday[];
}

export interface CalendarView {
  isWorkingDay(date: string): boolean;
  /** The name the calendar gives a day, if any. */
  nameOf(date: string): string | null;
}

/**
 * The holiday windows that begin within [from, to]: each run of consecutive days off that holds a
 * day named as one of the holidays, starting on the run's first day (a weekend before the named days
 * belongs to it). Mid-Autumn and National Day in one run are one window.
 *
 * @example
 * holidayWindows('2026-09-01', '2026-10-31', calendar) // [{ firstDayOff: '2026-09-25', holidays: ['mid_autumn'] }, { firstDayOff: '2026-10-01', holidays: ['national_day'] }]
 */
export function holidayWindows(from: string, to: string, calendar: CalendarView): HolidayWindow[] {
  const windows: HolidayWindow[] = [];
  let current: HolidayWindow | null = null;
  // Start a little before `from`, so that a run that began earlier is seen whole and not counted again.
  for (let day = addDays(from, -20); day <= addDays(to, 20); day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) {
      if (current && current.holidays.length && current.firstDayOff >= from && current.firstDayOff <= to) windows.push(current);
      current = null;
      continue;
    }
    current ??= { firstDayOff: day, holidays: [] };
    const holiday = holidayOf(calendar.nameOf(day));
    if (holiday && !current.holidays.includes(holiday)) current.holidays.push(holiday);
  }
  return windows;
}

/** The working day `n` working days before `date` (the day a reminder is due). */
export function workingDaysBefore(date: string, n: number, isWorkingDay: (date: string) => boolean): string {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) counted++;
  }
  return day;
}
