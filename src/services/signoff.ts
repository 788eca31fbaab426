import { createHash } from 'node:crypto';
import { ownersOfItem } from '../db/item-fragments.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { writeItems } from './import/apply.js';
import type { Change } from './import/plan.js';

/**
 * The version hash of a list: SHA-256 of its items' content (fields, owners, milestones) in code
 * order. Signing binds it; an approved change makes a new one.
 */
export async function listContentHash(db: Kysely<Database> | Transaction<Database>, listId: number): Promise<string> {
  const { rows } = await sql<{ content: unknown }>`
    select coalesce(json_agg(json_build_object(
      'code', i.code, 'title', i.title, 'responsibility', i.responsibility, 'target', i.target,
      'department', i.department, 'measures', i.measures, 'start', i.start, 'due', i.due, 'cadence', i.cadence,
      'owners', (select coalesce(json_agg(o.user_id order by o.position), '[]') from item_owners o where o.item_code = i.code),
      'milestones', (select coalesce(json_agg(json_build_object('title', m.title, 'due', m.due, 'percent', m.percent) order by m.position), '[]') from milestones m where m.item_code = i.code)
    ) order by i.code), '[]') as content
    from items i where i.list_id = ${listId}`.execute(db);
  return createHash('sha256').update(JSON.stringify(rows[0]?.content ?? [])).digest('hex');
}

/** Signs a list: who and when, and a new version bound to the hash of its content. */
export async function signList(trx: Transaction<Database>, listId: number, actor: string, now: Date): Promise<{ version: number; hash: string }> {
  const hash = await listContentHash(trx, listId);
  const list = await trx
    .updateTable('lists')
    .set({ signed_at: now, signed_by: actor, content_hash: hash, version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', listId)
    .returning(['version'])
    .executeTakeFirstOrThrow();
  return { version: list.version, hash };
}

/**
 * Applies an approved change request to a signed list — the item's new values, as the import
 * proposed them — and makes a new version. The old and new values stay in the request and in the
 * ledger entry, side by side.
 */
export async function applyChangeRequest(trx: Transaction<Database>, listId: number, change: Change, actor: string, now: Date) {
  const list = await trx.selectFrom('lists').select(['unit_code', 'year']).where('id', '=', listId).executeTakeFirstOrThrow();
  await writeItems(trx, [change], new Map([[`${list.unit_code}/${list.year}`, listId]]), now, { actor, source: 'button' });
  const signed = await signList(trx, listId, actor, now);
  return { ...signed, item: change.ref, action: change.action, changes: change.fields };
}

/** What a sign-off request shows: the list's items, owners and due dates. */
export async function listSummary(db: Kysely<Database> | Transaction<Database>, listId: number) {
  const list = await db.selectFrom('lists').innerJoin('units', 'units.code', 'lists.unit_code').select(['lists.id', 'lists.unit_code', 'lists.year', 'units.name']).where('lists.id', '=', listId).executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('items')
    .select(['code', 'title', 'due', ownersOfItem().as('owners')])
    .where('list_id', '=', listId)
    .orderBy('code')
    .execute();
  return { unit: list.unit_code, unit_name: list.name, year: list.year, list: list.id, count: items.length, items: items.slice(0, 20) };
}

export interface CoverageRow {
  unit: string;
  name: string;
  parent: string | null;
  signedAt: Date | null;
  /** The last day of the unit's latest inspection (the seed wants one at least every half year), or null. */
  lastInspection: string | null;
}

/**
 * Coverage (全覆盖): every unit, and whether its list for the year is signed (by `deadline`, a
 * local date, when given — the seed's is the end of February).
 */
export async function coverage(db: Kysely<Database>, year: number, deadline?: Date): Promise<CoverageRow[]> {
  const rows = await db
    .selectFrom('units')
    .leftJoin('lists', (join) => join.onRef('lists.unit_code', '=', 'units.code').on('lists.year', '=', year).on('lists.kind', '=', 'responsibility'))
    .select(['units.code', 'units.name', 'units.parent_code', 'lists.signed_at', (eb) => eb.selectFrom('inspections').select((ib) => ib.fn.max('inspections.ends_on').as('last')).whereRef('inspections.unit_code', '=', 'units.code').as('last_inspection')])
    .orderBy('units.code')
    .execute();
  return rows.map((row) => ({
    unit: row.code,
    name: row.name,
    parent: row.parent_code,
    signedAt: row.signed_at && (!deadline || row.signed_at <= deadline) ? row.signed_at : null,
    lastInspection: (row.last_inspection as string | null) ?? null,
  }));
}
