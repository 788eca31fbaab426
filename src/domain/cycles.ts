import type { Cadence } from './vocabulary.js';
import { addDays, daysBetween, weekday } from './calendar.js';

/** One prompting period of an item: local dates, both inclusive, and a key naming it. */
export interface Cycle {
  key: string;
  start: string;
  end: string;
}

// Biweekly cycles are pairs of ISO weeks counted from one fixed Monday, so that every
// biweekly item of the organisation is prompted in the same weeks.
const BIWEEKLY_EPOCH = '2001-01-01';

const mondayOf = (date: string) => addDays(date, 1 - weekday(date));

/** ISO 8601 week-numbering year and week of a date. */
function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - weekday(date));
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1 };
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The cycle of a cadence that contains a date: `weekly` an ISO week (key `2026-W48`),
 * `biweekly` two ISO weeks (key `2026-11-23/2W`, its first day), `monthly` a calendar month (key `2026-11`).
 *
 * @example
 * cycleOf('weekly', '2026-01-01') // { key: '2026-W01', start: '2025-12-29', end: '2026-01-04' }
 */
export function cycleOf(cadence: Cadence, date: string): Cycle {
  switch (cadence) {
    case 'weekly': {
      const start = mondayOf(date);
      const { year, week } = isoWeek(date);
      return { key: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
    }
    case 'biweekly': {
      const weeks = Math.floor(daysBetween(BIWEEKLY_EPOCH, mondayOf(date)) / 7);
      const start = addDays(BIWEEKLY_EPOCH, (weeks - (((weeks % 2) + 2) % 2)) * 7);
      return { key: `${start}/2W`, start, end: addDays(start, 13) };
    }
    case 'monthly': {
      const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
      return { key: date.slice(0, 7), start: `${date.slice(0, 7)}-01`, end: lastDayOfMonth(year, month) };
    }
  }
}

/** The cycle after `cycle`. */
export const nextCycle = (cadence: Cadence, cycle: Cycle): Cycle => cycleOf(cadence, addDays(cycle.end, 1));
