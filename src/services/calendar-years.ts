import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { calendarPackageKnowsYear, yearWithoutCalendar } from '../domain/calendar.js';
import { localDate } from '../domain/time.js';

/**
 * The coming year when, from November on, it has neither `chinese-days` data nor imported
 * `calendar:` days (so its holidays would count as working days); else null.
 */
export async function yearMissingCalendar(deps: { db: Kysely<Database>; now: Date; timeZone: string }): Promise<number | null> {
  const today = localDate(deps.now, deps.timeZone);
  const next = Number(today.slice(0, 4)) + 1;
  if (yearWithoutCalendar(today, calendarPackageKnowsYear, 0) === null) return null;
  const imported = await deps.db
    .selectFrom('calendar_days')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('day', '>=', `${next}-01-01`)
    .where('day', '<=', `${next}-12-31`)
    .executeTakeFirstOrThrow();
  return yearWithoutCalendar(today, calendarPackageKnowsYear, Number(imported.n));
}
