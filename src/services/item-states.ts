import { sql, type Kysely } from 'kysely';
import { joinedFinding, joinedListing, milestonesOfItem, ownersOfItem } from '../db/item-fragments.js';
import type { Database } from '../db/schema.js';
import type { ItemState } from '../domain/item-state.js';
import { lightOf } from '../domain/lights.js';
import { silentSpell } from '../domain/schedule.js';
import { cycleOf } from '../domain/cycles.js';
import { localDate, zonedInstant } from '../domain/time.js';
import { CADENCES } from '../domain/vocabulary.js';
import { loadScheduleSettings } from './schedule-settings.js';

export interface ItemStateDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

export interface ItemFilter {
  /** Items of these units. */
  units?: string[];
  /** Items this person owns, or heads the unit of. */
  person?: string;
  /** Items of a range of unit codes, `lo` inclusive, `hi` exclusive (null: to the end): a chunk of a large tree. */
  range?: { lo: string; hi: string | null };
}

/**
 * The current state of items, with the light computed by the one rule (SPEC §2.6), so that
 * App Home, exports and digests show the same numbers.
 */
export async function loadItemStates(deps: ItemStateDeps, filter: ItemFilter = {}): Promise<ItemState[]> {
  const today = localDate(deps.now, deps.timeZone);
  let query = deps.db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .innerJoin('units', 'units.code', 'lists.unit_code')
    .leftJoin('item_state', 'item_state.item_code', 'items.code')
    .leftJoin('supervision_orders as so', (join) => join.onRef('so.subject_code', '=', 'items.code').on('so.state', '<>', 'closed'))
    .leftJoin('findings as f', 'f.item_code', 'items.code')
    .leftJoin('inspections as i', 'i.code', 'f.inspection_code')
    .leftJoin('units as u', 'u.code', 'i.by_unit')
    .select([
      'lists.unit_code',
      'lists.year',
      'lists.signed_at',
      'lists.kind as list_kind',
      'items.code',
      'items.title',
      'items.responsibility',
      'items.start',
      'items.due',
      'items.cadence',
      'items.closed_at',
      'item_state.percent',
      'item_state.status',
      'item_state.note',
      'item_state.approval',
      'item_state.last_report_at',
      ownersOfItem().as('owners'),
      milestonesOfItem().as('milestones'),
      joinedFinding().as('finding'),
      joinedListing().as('listing'),
    ])
    .orderBy('lists.unit_code')
    .orderBy('lists.year')
    .orderBy('items.code');
  if (filter.units) query = query.where('lists.unit_code', 'in', filter.units.length ? filter.units : ['']);
  if (filter.range) {
    query = query.where('lists.unit_code', '>=', filter.range.lo);
    if (filter.range.hi !== null) query = query.where('lists.unit_code', '<', filter.range.hi);
  }
  if (filter.person) {
    const person = filter.person;
    query = query.where((eb) =>
      eb.or([
        eb('units.head_user', '=', person),
        eb.exists(eb.selectFrom('item_owners').select('item_owners.user_id').whereRef('item_owners.item_code', '=', 'items.code').where('item_owners.user_id', '=', person)),
      ]),
    );
  }
  // The longest cycle is a month: what the ledger holds since the start of the earliest current
  // cycle tells which items went red earlier in their cycle.
  const since = zonedInstant(earliestCycleStart(today), '00:00', deps.timeZone);
  const [rows, settings] = await Promise.all([query.execute(), loadScheduleSettings(deps.db)]);
  let marks = deps.db
    .selectFrom('ledger')
    .select(['item_code', 'at'])
    .where('at', '>=', since)
    .where('at', '<=', deps.now)
    .where('item_code', 'is not', null)
    .where((eb) => eb.or([eb('kind', '=', 'escalated'), eb.and([eb('kind', '=', 'report'), eb(sql`details->>'status'`, '=', 'blocked')])]));
  // A few items (App Home, a small unit) are looked up through the ledger's item index.
  if (rows.length > 0 && rows.length <= 1000) marks = marks.where('item_code', 'in', rows.map((row) => row.code));
  else if (filter.range) {
    marks = marks.where('unit_code', '>=', filter.range.lo);
    if (filter.range.hi !== null) marks = marks.where('unit_code', '<', filter.range.hi);
  }
  const redAt = new Map<string, Date[]>();
  for (const mark of rows.length ? await marks.execute() : []) {
    const times = redAt.get(mark.item_code as string);
    if (times) times.push(mark.at);
    else redAt.set(mark.item_code as string, [mark.at]);
  }
  const { calendar } = settings;
  return rows.map((row) => {
    const policy = settings.policyOf(row.unit_code, row.year);
    // A listed subject is prompted, and so counted silent, on its order's cadence.
    const cadence = row.listing?.cadence ?? row.cadence;
    const approval = row.approval ?? 'none';
    // Silent as the scheduler counts it; an item closed, approved or awaiting approval is not asked.
    const asked = row.closed_at === null && approval !== 'approved' && approval !== 'pending' && today >= row.start;
    const silence = asked
      ? silentSpell({ cadence, start: row.start, due: row.due, lastReportAt: row.last_report_at, policy }, { now: deps.now, timeZone: deps.timeZone, calendar })
      : null;
    return {
      unit: row.unit_code,
      year: row.year,
      code: row.code,
      title: row.title,
      responsibility: row.responsibility,
      owners: row.owners,
      start: row.start,
      due: row.due,
      percent: row.percent,
      status: row.status,
      note: row.note,
      approval,
      lastReportAt: row.last_report_at,
      listSignedAt: row.signed_at,
      closed: row.closed_at !== null,
      finding: row.finding && { inspection: row.finding.inspection, by: row.finding.by, severity: row.finding.severity },
      listed: row.listing?.code ?? null,
      tracksCase: row.list_kind === 'case',
      listKind: row.list_kind,
      silentDays: silence?.days ?? 0,
      light: lightOf({
        today,
        start: row.start,
        due: row.due,
        milestones: row.milestones,
        percent: row.percent,
        status: row.status,
        approval,
        silentWorkingDays: silence?.days ?? 0,
        remindAfter: policy.remindAfter,
        escalateAfter: policy.escalateAfter,
        // Red earlier in this cycle, as the ledger records it: an escalation (silent or overdue
        // past escalate_after) or a report of "blocked". Being far behind expected progress is not
        // recorded when it happens, so a lag caught up by a report before any escalation is not kept.
        wasRedThisCycle: (redAt.get(row.code) ?? []).some((at) => localDate(at, deps.timeZone) >= cycleOf(cadence, today).start),
      }),
    };
  });
}

/** The first day of the earliest cycle that contains `today`, of any cadence. */
function earliestCycleStart(today: string): string {
  return CADENCES.map((cadence) => cycleOf(cadence, today).start).sort()[0] as string;
}
