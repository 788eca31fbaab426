import type { WorkCalendar } from './calendar.js';
import { addDays } from './calendar.js';
import { localDate, localTime, zonedInstant } from './time.js';

/**
 * The first moment at or after `now` when people may be messaged: a working day, within working
 * hours (start inclusive, end exclusive). What falls due in the evening waits for the next
 * working morning.
 *
 * @example
 * nextWorkingMoment(fridayEvening, 'Asia/Shanghai', calendar, ['09:00', '18:00']) // Monday 09:00
 */
export function nextWorkingMoment(now: Date, timeZone: string, calendar: WorkCalendar, hours: readonly [string, string]): Date {
  const today = localDate(now, timeZone);
  const time = localTime(now, timeZone);
  if (calendar.isWorkingDay(today)) {
    if (time < hours[0]) return zonedInstant(today, hours[0], timeZone);
    if (time < hours[1]) return now;
  }
  return zonedInstant(calendar.nextWorkingDay(addDays(today, 1)), hours[0], timeZone);
}
