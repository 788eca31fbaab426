import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { WorkCalendar } from '../domain/calendar.js';
import { effectivePolicy, type Policy, type PolicyLayer } from '../domain/policy.js';

/** The organisation's calendar and its policies, as the scheduler and the lights both need them. */
export interface ScheduleSettings {
  calendar: WorkCalendar;
  /** The policy in force for a unit's list of a year: the list's, else the unit's, else the global one, else the defaults. */
  policyOf(unit: string, year: number): Policy;
}

/** Reads the calendar's admin days and every policy layer, in two queries. */
export async function loadScheduleSettings(db: Kysely<Database>): Promise<ScheduleSettings> {
  const [calendarDays, policies] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'working']).execute(),
    db.selectFrom('policies').selectAll().execute(),
  ]);
  const layers = new Map<string, PolicyLayer>(policies.map((policy) => [`${policy.scope}:${policy.ref}`, policy]));
  return {
    calendar: new WorkCalendar({ overrides: calendarDays.map((day) => ({ date: day.day, working: day.working })) }),
    policyOf: (unit, year) => effectivePolicy([layers.get(`list:${unit}/${year}`), layers.get(`unit:${unit}`), layers.get('global:')]),
  };
}
