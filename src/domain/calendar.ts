import { createRequire } from 'node:module';

/** A day an admin marked: off (a holiday) or working (an adjusted working weekend, 调休). */
export interface CalendarDay {
  date: string;
  working: boolean;
  name?: string | null;
}

const DAY = 86_400_000;
const toNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const toDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const shifted = new Map<string, string>();
/** The date `n` calendar days after `date` (before, when negative); remembered, as ticks ask for the same few dates very often. */
export const addDays = (date: string, n: number): string => {
  const key = `${date}|${n}`;
  let day = shifted.get(key);
  if (day === undefined) {
    if (shifted.size > 200_000) shifted.clear();
    day = toDate(toNumber(date) + n);
    shifted.set(key, day);
  }
  return day;
};
/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => toNumber(to) - toNumber(from);
/** ISO weekday: 1 Monday … 7 Sunday. */
export const weekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * Chinese public holidays and adjusted working weekends, as the `chinese-days` package knows
 * them (the State Council's notice for each year, usually published in November); weekends are off
 * and weekdays working for years it does not know yet.
 *
 * Read from the package's data file, not through its functions: those parse `YYYY-MM-DD` as UTC
 * midnight but take the weekday in the process's time zone, so west of UTC every weekend is a day early.
 */
const { holidays, workdays } = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
/** The holiday's name in the package's data ("Spring Festival,春节,4"), or null on any other day. */
export const chineseHolidayName = (date: string): string | null => (Object.hasOwn(holidays, date) ? (holidays[date] as string) : null);
export const chineseWorkday = (date: string): boolean =>
  Object.hasOwn(workdays, date) || (weekday(date) <= 5 && !Object.hasOwn(holidays, date));

/**
 * Working days in the organisation's calendar: the admin's own days first, then the base
 * calendar (Chinese holidays and 调休 by default). Dates are local `YYYY-MM-DD`.
 *
 * @example
 * const calendar = new WorkCalendar({ overrides: [{ date: '2027-02-08', working: false, name: '春节' }] });
 * calendar.addWorkingDays('2026-09-30', 1) // '2026-10-08': the National Day holiday is skipped
 */
export class WorkCalendar {
  private readonly overrides: Map<string, boolean>;
  private readonly base: (date: string) => boolean;
  private readonly known = new Map<string, boolean>();

  constructor(options: { overrides?: CalendarDay[]; base?: (date: string) => boolean } = {}) {
    this.overrides = new Map((options.overrides ?? []).map((day) => [day.date, day.working]));
    this.base = options.base ?? chineseWorkday;
  }

  isWorkingDay(date: string): boolean {
    let working = this.known.get(date);
    if (working === undefined) {
      working = this.overrides.get(date) ?? this.base(date);
      this.known.set(date, working);
    }
    return working;
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string {
    let day = date;
    // A year has no run of 60 days off; the bound only stops a calendar marked all off.
    for (let i = 0; i < 60 && !this.isWorkingDay(day); i++) day = addDays(day, 1);
    return day;
  }

  /** The date `n` working days after `date`, not counting `date` itself; `date` when n is 0. */
  addWorkingDays(date: string, n: number): string {
    let day = date;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return day;
  }

  /** Working days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return count;
  }

  /** The first working day within [from, to], or null when every day of it is off. */
  firstWorkingDayIn(from: string, to: string): string | null {
    for (let day = from; day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) return day;
    return null;
  }
}

const packageYears = new Set([...Object.keys(holidays), ...Object.keys(workdays)].map((date) => Number(date.slice(0, 4))));
/** Whether the `chinese-days` package has the State Council's holidays and 调休 for `year`. */
export const calendarPackageKnowsYear = (year: number): boolean => packageYears.has(year);

/**
 * The next year, when it is time to worry about it and nobody has: from November on (the State
 * Council publishes the coming year's holidays then), next year has neither package data nor any
 * imported day. Else null.
 *
 * @example
 * yearWithoutCalendar('2026-11-02', () => false, 0) // 2027
 * yearWithoutCalendar('2026-10-31', () => false, 0) // null: not November yet
 */
export function yearWithoutCalendar(today: string, packageKnows: (year: number) => boolean, importedDaysOfNextYear: number): number | null {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month < 11) return null;
  const next = year + 1;
  return packageKnows(next) || importedDaysOfNextYear > 0 ? null : next;
}
