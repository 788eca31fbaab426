import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, chineseHolidayName, type WorkCalendar } from '../domain/calendar.js';
import { holidayWindows, workingDaysBefore } from '../domain/circulars.js';
import { localDate } from '../domain/time.js';
import { nextWorkingMoment } from '../domain/working-hours.js';
import type { Message } from '../i18n/index.js';
import { enqueue, type OutboxMessage } from '../outbox/outbox.js';
import { caseUnitsOf, loadCases } from './cases.js';
import { appendLedger, type LedgerRecord } from './ledger.js';

// How far ahead the tick looks for a holiday window: more than 30 working days (the setting's bound) always fit.
const LOOK_AHEAD_DAYS = 60;

/**
 * The circular reminders due at `now` (SPEC §2.7, 通报曝光): `daysAhead` working days before the
 * first day off of each holiday window, to the supervisor of every unit with units below it, by
 * DM, once per window and unit (outbox key `circular_reminder:UNIT:FIRST-DAY-OFF`). Due from
 * that day until the window begins (a tick after downtime catches up); with their ledger entries.
 */
export async function dueCircularReminders(
  deps: { db: Kysely<Database>; now: Date; timeZone: string },
  options: { daysAhead: number; calendar: WorkCalendar; notBefore: Date },
): Promise<{ messages: OutboxMessage[]; ledger: Map<string, LedgerRecord> }> {
  const today = localDate(deps.now, deps.timeZone);
  const names = new Map(
    (await deps.db.selectFrom('calendar_days').select(['day', 'name']).where('working', '=', false).where('name', 'is not', null).where('day', '>', today).execute()).map((row) => [
      row.day,
      row.name as string,
    ]),
  );
  const calendar = { isWorkingDay: (date: string) => options.calendar.isWorkingDay(date), nameOf: (date: string) => names.get(date) ?? chineseHolidayName(date) };
  const due = holidayWindows(addDays(today, 1), addDays(today, LOOK_AHEAD_DAYS), calendar).filter(
    (window) => workingDaysBefore(window.firstDayOff, options.daysAhead, calendar.isWorkingDay) <= today,
  );
  const messages: OutboxMessage[] = [];
  const ledger = new Map<string, LedgerRecord>();
  if (due.length === 0) return { messages, ledger };
  const units = await deps.db.selectFrom('units').select(['code', 'name', 'parent_code', 'supervisor_user']).orderBy('code').execute();
  const parents = new Set(units.map((unit) => unit.parent_code).filter((code) => code !== null));
  for (const window of due) {
    for (const unit of units) {
      if (!parents.has(unit.code) || !unit.supervisor_user) continue;
      const key = `circular_reminder:${unit.code}:${window.firstDayOff}`;
      messages.push({
        key,
        kind: 'circular_reminder',
        lane: unit.supervisor_user,
        notBefore: options.notBefore,
        payload: { unit: unit.code, name: unit.name, supervisor: unit.supervisor_user, first_day_off: window.firstDayOff, holidays: window.holidays },
      });
      ledger.set(key, {
        unit: unit.code,
        kind: 'circular_reminded',
        actor: 'system',
        source: 'scheduler',
        at: deps.now,
        details: { key, supervisor: unit.supervisor_user, first_day_off: window.firstDayOff, holidays: window.holidays },
      });
    }
  }
  return { messages, ledger };
}

export interface CircularRequest {
  actor: string;
  unit: string;
  title: string;
  text: string;
  /** Codes of the cases the circular cites (typical cases, 典型案例). */
  cases: string[];
  /** Cited cases without the people's references. */
  anonymised: boolean;
  /** The form's own id: the same form submitted twice sends once. */
  requestKey: string;
}

export type CircularField = 'title' | 'text' | 'cases' | 'unit';
export type CircularOutcome = { ok: true; channels: number; sent: boolean } | { ok: false; field: CircularField | null; refusal: Message };

/**
 * Sends a circular to every set-up channel of a unit's subtree, through the outbox (paced per
 * channel, retried on 429 and 5xx), exactly once per form, recorded on the scope unit's ledger.
 * Only a supervisor of the unit (or of a unit above it) or an admin may; cited cases must be
 * theirs to see.
 */
export async function sendCircular(
  deps: { db: Kysely<Database>; now: Date; timeZone: string; admins: readonly string[]; workingHours: readonly [string, string]; calendar: WorkCalendar },
  request: CircularRequest,
): Promise<CircularOutcome> {
  const allowed = await caseUnitsOf(deps, request.actor);
  if (allowed.length === 0) return { ok: false, field: null, refusal: { key: 'circular.notEntitled' } };
  if (!allowed.some((unit) => unit.code === request.unit)) return { ok: false, field: 'unit', refusal: { key: 'case.notEntitledUnit', params: { unit: request.unit } } };
  const title = request.title.trim();
  const text = request.text.trim();
  if (!title) return { ok: false, field: 'title', refusal: { key: 'import.required' } };
  if (title.length > 150) return { ok: false, field: 'title', refusal: { key: 'import.tooLong', params: { max: 150 } } };
  if (!text) return { ok: false, field: 'text', refusal: { key: 'import.required' } };
  if (text.length > 2500) return { ok: false, field: 'text', refusal: { key: 'import.tooLong', params: { max: 2500 } } };
  const codes = [...new Set(request.cases.map((code) => code.trim()).filter(Boolean))];
  const cited = await loadCases(deps.db, { codes });
  const visible = new Set(allowed.map((unit) => unit.code));
  const missing = codes.find((code) => !cited.some((found) => found.code === code && visible.has(found.unit)));
  if (missing) return { ok: false, field: 'cases', refusal: { key: 'circular.unknownCase', params: { code: missing } } };
  if (codes.length > 10) return { ok: false, field: 'cases', refusal: { key: 'circular.tooManyCases', params: { max: 10 } } };

  const { rows: scope } = await sql<{ code: string; channel_id: string | null; channel_ready_at: Date | null }>`
    with recursive subtree as (
      select code from units where code = ${request.unit}
      union all
      select u.code from units u join subtree s on u.parent_code = s.code
    )
    select u.code, u.channel_id, u.channel_ready_at from units u join subtree s on s.code = u.code order by u.code`.execute(deps.db);
  const channels = scope.filter((unit) => unit.channel_id && unit.channel_ready_at);
  const notBefore = nextWorkingMoment(deps.now, deps.timeZone, deps.calendar, deps.workingHours);
  const citedCases = codes.map((code) => {
    const found = cited.find((c) => c.code === code) as (typeof cited)[number];
    return {
      code: found.code,
      unit: found.unit,
      category: found.category,
      measures: found.dispositions.map((d) => ({ form: d.form, measure: d.measure, ...(request.anonymised ? {} : { person: d.person }) })),
    };
  });

  return deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('circulars')
      .values({ request_key: request.requestKey, unit_code: request.unit, title, body: text, cases: codes, anonymised: request.anonymised, created_by: request.actor, created_at: deps.now })
      .onConflict((conflict) => conflict.column('request_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { ok: true as const, channels: channels.length, sent: false };
    await enqueue(
      trx,
      channels.map((unit) => ({
        key: `circular:${inserted.id}:${unit.code}`,
        kind: 'circular' as const,
        lane: unit.channel_id as string,
        notBefore,
        payload: { circular: Number(inserted.id), scope: request.unit, unit: unit.code, by: request.actor, title, text, cases: citedCases },
      })),
      deps.now,
    );
    await appendLedger(trx, [
      {
        unit: request.unit,
        kind: 'circular_sent',
        actor: request.actor,
        source: 'modal',
        at: deps.now,
        details: { circular: Number(inserted.id), title, cases: codes, anonymised: request.anonymised, channels: channels.map((unit) => unit.code) },
      },
    ]);
    return { ok: true as const, channels: channels.length, sent: true };
  });
}
