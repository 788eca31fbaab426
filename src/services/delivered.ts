import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { UnitRange } from './tick-chunks.js';

/**
 * What the schedule's messages actually did, from the decisions and the outbox: the scheduler
 * counts silence from a prompt that was delivered, and an escalation says which earlier steps
 * reached someone. A decision counts as delivered at its decision instant, or at the working
 * morning it was held until; a message still queued or refused for good counts as not delivered.
 */
export interface DeliveredStep {
  key: string;
  itemCode: string;
  /** When it reached Slack, as the schedule counts it. */
  at: Date;
}

const deliveredAt = sql<Date>`min(greatest(se.decided_at, o.not_before))`;

/** The codes of the items of a range of units (the tick's chunk), as a subquery. */
function itemsOf(db: Kysely<Database>, range: Pick<UnitRange, 'lo' | 'hi'>) {
  const query = db.selectFrom('items').innerJoin('lists', 'lists.id', 'items.list_id').select('items.code').where('lists.unit_code', '>=', range.lo);
  return range.hi === null ? query : query.where('lists.unit_code', '<', range.hi);
}

/**
 * The prompts delivered by `now`, each item's oldest first, for the items of a range of units
 * (all when omitted). Set-based queries: the scheduler picks, per item, the first one after its
 * last report.
 */
export async function deliveredPrompts(db: Kysely<Database>, now: Date, range?: Pick<UnitRange, 'lo' | 'hi'>): Promise<Map<string, Date[]>> {
  // A prompt is its own message (keyed by the decision), or a line of its unit's grouped prompt.
  const own = db
    .selectFrom('scheduled_events as se')
    .innerJoin('outbox as o', 'o.idempotency_key', 'se.key')
    .select(['se.item_code', deliveredAt.as('at')])
    .where('se.kind', '=', 'prompt')
    .where('o.state', '=', 'sent')
    .where('se.decided_at', '<=', now)
    .groupBy(['se.item_code', 'se.key']);
  const carried = db
    .selectFrom('scheduled_events as se')
    .innerJoin('scheduled_messages as sm', 'sm.event_key', 'se.key')
    .innerJoin('outbox as o', 'o.idempotency_key', 'sm.message_key')
    .select(['se.item_code', deliveredAt.as('at')])
    .where('se.kind', '=', 'prompt')
    .where('o.state', '=', 'sent')
    .where('se.decided_at', '<=', now)
    .groupBy(['se.item_code', 'se.key']);
  const [ownRows, carriedRows] = await Promise.all([
    (range ? own.where('se.item_code', 'in', itemsOf(db, range)) : own).execute(),
    (range ? carried.where('se.item_code', 'in', itemsOf(db, range)) : carried).execute(),
  ]);
  const byItem = new Map<string, Date[]>();
  for (const rows of [ownRows, carriedRows]) {
    for (const row of rows) {
      const at = new Date(row.at);
      if (at > now) continue;
      const list = byItem.get(row.item_code);
      if (list) list.push(at);
      else byItem.set(row.item_code, [at]);
    }
  }
  for (const list of byItem.values()) list.sort((a, b) => a.getTime() - b.getTime());
  return byItem;
}

/** The reminders and escalations of these items that reached at least one person by `now`. */
export async function deliveredSteps(db: Kysely<Database>, now: Date, itemCodes: readonly string[]): Promise<DeliveredStep[]> {
  if (itemCodes.length === 0) return [];
  // A step's own messages are keyed `STEP-KEY>recipient` (a step's key has no '>'), found by the
  // part before the '>' (the index outbox_sent_step); an owner's grouped reminders carry several steps.
  const [own, carried] = await Promise.all([
    db
      .selectFrom('scheduled_events as se')
      .innerJoin('outbox as o', (join) => join.on(sql<boolean>`split_part(o.idempotency_key, '>', 1) = se.key`).on(sql<boolean>`o.idempotency_key <> se.key`))
      .select(['se.key', 'se.item_code', deliveredAt.as('at')])
      .where('se.kind', 'in', ['silence', 'overdue'])
      .where('o.state', '=', 'sent')
      .where('se.decided_at', '<=', now)
      .where('se.item_code', 'in', itemCodes)
      .groupBy(['se.key', 'se.item_code'])
      .execute(),
    db
      .selectFrom('scheduled_events as se')
      .innerJoin('scheduled_messages as sm', 'sm.event_key', 'se.key')
      .innerJoin('outbox as o', 'o.idempotency_key', 'sm.message_key')
      .select(['se.key', 'se.item_code', deliveredAt.as('at')])
      .where('se.kind', 'in', ['silence', 'overdue'])
      .where('o.state', '=', 'sent')
      .where('se.decided_at', '<=', now)
      .where('se.item_code', 'in', itemCodes)
      .groupBy(['se.key', 'se.item_code'])
      .execute(),
  ]);
  return [...own, ...carried].map((row) => ({ key: row.key, itemCode: row.item_code, at: new Date(row.at) })).filter((step) => step.at <= now);
}
