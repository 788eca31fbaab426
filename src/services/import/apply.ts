import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Cadence, LedgerSource, PolicyScope, Responsibility } from '../../domain/vocabulary.js';
import { keepCompletions, type MilestoneValue } from '../../domain/milestone-completions.js';
import { appendLedger, type LedgerRecord } from '../ledger.js';
import type { Change, Plan, Value } from './plan.js';
import type { Bundle } from './validate.js';

// Rows per statement: well under PostgreSQL's 65,535 parameters for our widest rows.
const BATCH = 1000;
const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) => rows.slice(i * BATCH, (i + 1) * BATCH));

const newValues = (change: Change) => Object.fromEntries(Object.entries(change.fields).map(([field, { to }]) => [field, to])) as Record<string, Value>;

const unitColumns = { name: 'name', parent: 'parent_code', head: 'head_user', supervisor: 'supervisor_user', channel: 'channel_name' } as const;
const itemColumns = ['title', 'responsibility', 'target', 'department', 'measures', 'start', 'due', 'cadence'] as const;
const pick = (values: Record<string, Value>, columns: Record<string, string>) =>
  Object.fromEntries(Object.entries(columns).filter(([field]) => field in values).map(([field, column]) => [column, values[field]]));

/**
 * Writes a plan in set-based statements: the rows, and one `imported` ledger entry per unit,
 * list and item created or changed (policies and calendar days are settings, not ledger events).
 */
export async function applyPlan(trx: Transaction<Database>, plan: Plan, bundle: Bundle, at: Date, emails: Map<string, string>): Promise<void> {
  const byEntity = (entity: Change['entity'], action?: Change['action']) =>
    plan.changes.filter((change) => change.entity === entity && (!action || change.action === action));
  const ledger: LedgerRecord[] = [];
  const record = (unit: string, item: string | null, change: Change, details: Record<string, unknown>) =>
    ledger.push({ unit, item, kind: 'imported', actor: 'system', source: 'import', at, details: { entity: change.entity.replace(/s$/, ''), action: change.action, ...details } });
  const describe = (change: Change) => (change.action === 'created' ? { values: newValues(change) } : { changes: change.fields });

  const people = new Set<string>();
  for (const { value: unit } of bundle.units) for (const person of [unit.head, unit.supervisor]) if (person) people.add(person);
  for (const list of bundle.lists) for (const item of list.items) for (const owner of item.value.owners) people.add(owner);
  for (const batch of chunks([...people])) {
    await trx
      .insertInto('people')
      .values(batch.map((user_id) => ({ user_id, email: emails.get(user_id) ?? null })))
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .execute();
  }

  // Foreign keys are checked at the end of each statement, so a parent may come in the same batch.
  const newUnits = byEntity('units', 'created');
  for (const batch of chunks(newUnits)) {
    await trx
      .insertInto('units')
      .values(batch.map((change) => ({ code: change.ref, name: '', ...pick(newValues(change), unitColumns), created_at: at, updated_at: at })))
      .execute();
  }
  for (const change of byEntity('units', 'updated')) {
    await trx.updateTable('units').set({ ...pick(newValues(change), unitColumns), updated_at: at }).where('code', '=', change.ref).execute();
  }
  for (const change of byEntity('units')) record(change.ref, null, change, describe(change));
  // Another channel for a unit already set up: channel set-up moves it (and records the move).
  if (plan.moves.length) {
    await trx.updateTable('units').set({ channel_move_requested_at: at }).where('code', 'in', plan.moves.map((move) => move.unit)).execute();
  }
  // A `channel` changed back to the one the unit is in before set-up moved it: nothing to move.
  const stays = byEntity('units', 'updated').filter((change) => 'channel' in change.fields && !plan.moves.some((move) => move.unit === change.ref));
  if (stays.length) {
    await trx.updateTable('units').set({ channel_move_requested_at: null }).where('code', 'in', stays.map((change) => change.ref)).execute();
  }
  await handOverTrackedCases(trx, byEntity('units', 'updated'), at, ledger);

  for (const change of byEntity('lists')) {
    const values = newValues(change);
    await trx.insertInto('lists').values({ unit_code: values.unit as string, year: values.year as number, created_at: at, updated_at: at }).execute();
    record(values.unit as string, null, change, { year: values.year });
  }

  const itemList = new Map(bundle.lists.flatMap((list) => list.items.map((item) => [item.value.code, list] as const)));
  const listIds = new Map(
    (await trx.selectFrom('lists').select(['id', 'unit_code', 'year']).where('kind', '=', 'responsibility').execute()).map((list) => [`${list.unit_code}/${list.year}`, list.id]),
  );
  const items = byEntity('items');
  await writeItems(trx, items, listIds, at, { actor: 'system', source: 'import' });
  for (const change of items) record((itemList.get(change.ref) as { unit: string }).unit, change.ref, change, describe(change));

  for (const change of byEntity('policies')) {
    const [scope, ref] = change.ref.split(/:(.*)/s) as [PolicyScope, string];
    const values = newValues(change);
    await trx
      .insertInto('policies')
      .values({ scope, ref, ...values, updated_at: at })
      .onConflict((conflict) => conflict.columns(['scope', 'ref']).doUpdateSet({ ...values, updated_at: at }))
      .execute();
  }
  for (const change of byEntity('calendar')) {
    const values = newValues(change);
    const day = { working: values.working as boolean, name: (values.name as string | null) ?? null, updated_at: at };
    await trx
      .insertInto('calendar_days')
      .values({ day: change.ref, source: 'import', ...day })
      .onConflict((conflict) => conflict.column('day').doUpdateSet(day))
      .execute();
  }
  for (const batch of chunks(ledger)) await appendLedger(trx, batch);
}

/** Who wrote a change, for the ledger entries of handovers and milestone changes. */
export interface Writer {
  actor: string;
  source: LedgerSource;
}

/**
 * Creates and updates items (their rows, state, owners and milestones) from item changes; used by
 * the import, by an edit in Slack and by an approved change to a signed list. A changed owner is
 * a handover (`owner_changed` on the ledger, the former owner's queued reminders withdrawn); a
 * changed set of milestones keeps the completions of those that remain (`milestones_changed`).
 */
export async function writeItems(trx: Transaction<Database>, items: Change[], listIds: Map<string, number>, at: Date, writer: Writer): Promise<void> {
  for (const batch of chunks(items.filter((change) => change.action === 'created'))) {
    await trx
      .insertInto('items')
      .values(
        batch.map((change) => {
          const values = newValues(change);
          return {
            code: change.ref,
            list_id: listIds.get(values.list as string) as number,
            title: values.title as string,
            responsibility: values.responsibility as Responsibility,
            target: values.target as string | null,
            department: values.department as string | null,
            measures: values.measures as string | null,
            start: values.start as string,
            due: values.due as string,
            cadence: values.cadence as Cadence,
            created_at: at,
            updated_at: at,
          };
        }),
      )
      .execute();
    await trx.insertInto('item_state').values(batch.map((change) => ({ item_code: change.ref, updated_at: at }))).execute();
  }
  for (const change of items.filter((change) => change.action === 'updated')) {
    const row = pick(newValues(change), Object.fromEntries(itemColumns.map((column) => [column, column])));
    if (Object.keys(row).length) await trx.updateTable('items').set({ ...row, updated_at: at }).where('code', '=', change.ref).execute();
  }
  await replaceOwnersAndMilestones(trx, items, at, writer);
}

/**
 * A listed case's tracking item is its unit's head's (see apply-supervision.ts): a unit's new head
 * takes over its open ones, an `owner_changed` entry each, so the ledger shows who owned it when.
 */
async function handOverTrackedCases(trx: Transaction<Database>, units: Change[], at: Date, ledger: LedgerRecord[]): Promise<void> {
  for (const change of units) {
    const head = change.fields.head?.to as string | null | undefined;
    if (!head) continue;
    const tracked = await trx
      .selectFrom('items')
      .innerJoin('lists', 'lists.id', 'items.list_id')
      .select('items.code')
      .where('lists.unit_code', '=', change.ref)
      .where('lists.kind', '=', 'case')
      .where('items.closed_at', 'is', null)
      .execute();
    for (const { code } of tracked) {
      const from = (await trx.selectFrom('item_owners').select('user_id').where('item_code', '=', code).orderBy('position').execute()).map((row) => row.user_id);
      if (from.length === 1 && from[0] === head) continue;
      await trx.deleteFrom('item_owners').where('item_code', '=', code).execute();
      await trx.insertInto('item_owners').values({ item_code: code, user_id: head, position: 0 }).execute();
      ledger.push({ unit: change.ref, item: code, kind: 'owner_changed', actor: 'system', source: 'import', at, details: { from, to: [head], removed: from.filter((user) => user !== head), added: from.includes(head) ? [] : [head] } });
    }
  }
}

async function replaceOwnersAndMilestones(trx: Transaction<Database>, items: Change[], at: Date, writer: Writer) {
  const withOwners = items.filter((change) => 'owners' in change.fields);
  const withMilestones = items.filter((change) => 'milestones' in change.fields);
  const updated = items.filter((change) => change.action === 'updated' && ('owners' in change.fields || 'milestones' in change.fields));
  const units = new Map(
    updated.length
      ? (
          await trx
            .selectFrom('items')
            .innerJoin('lists', 'lists.id', 'items.list_id')
            .select(['items.code', 'lists.unit_code'])
            .where('items.code', 'in', updated.map((change) => change.ref))
            .execute()
        ).map((row) => [row.code, row.unit_code])
      : [],
  );
  const ledger: LedgerRecord[] = [];

  for (const batch of chunks(withOwners)) {
    await trx.deleteFrom('item_owners').where('item_code', 'in', batch.map((change) => change.ref)).execute();
  }
  const owners = withOwners.flatMap((change) => (change.fields.owners?.to as string[]).map((user_id, position) => ({ item_code: change.ref, user_id, position })));
  for (const batch of chunks(owners)) await trx.insertInto('item_owners').values(batch).execute();
  for (const change of withOwners.filter((change) => change.action === 'updated')) {
    const from = (change.fields.owners?.from as string[] | null) ?? [];
    const to = change.fields.owners?.to as string[];
    const former = from.filter((user) => !to.includes(user));
    ledger.push({ unit: units.get(change.ref) ?? '', item: change.ref, kind: 'owner_changed', actor: writer.actor, source: writer.source, at, details: { from, to, removed: former, added: to.filter((user) => !from.includes(user)) } });
    // A former owner is reminded no more: their reminders still queued are withdrawn (kept, marked why).
    if (former.length) {
      await trx
        .updateTable('outbox')
        .set({ state: 'failed', last_error: 'withdrawn: owner_changed' })
        .where('state', '=', 'pending')
        .where('kind', '=', 'reminder')
        .where('lane', 'in', former)
        .where(sql<string>`payload->>'item'`, '=', change.ref)
        .execute();
    }
  }

  const changedMilestones = withMilestones.filter((change) => change.action === 'updated');
  const stored = new Map<string, (MilestoneValue & { completed_at: Date | null })[]>();
  if (changedMilestones.length) {
    const rows = await trx.selectFrom('milestones').selectAll().where('item_code', 'in', changedMilestones.map((change) => change.ref)).orderBy('position').execute();
    for (const row of rows) stored.set(row.item_code, [...(stored.get(row.item_code) ?? []), row]);
  }
  for (const batch of chunks(withMilestones)) {
    await trx.deleteFrom('milestones').where('item_code', 'in', batch.map((change) => change.ref)).execute();
  }
  const milestones = withMilestones.flatMap((change) => {
    const after = change.fields.milestones?.to as MilestoneValue[];
    const completions = keepCompletions(stored.get(change.ref) ?? [], after);
    if (change.action === 'updated') {
      const kept = after.flatMap((milestone, position) => (completions[position] ? [{ title: milestone.title, completed_at: (completions[position] as Date).toISOString() }] : []));
      ledger.push({ unit: units.get(change.ref) ?? '', item: change.ref, kind: 'milestones_changed', actor: writer.actor, source: writer.source, at, details: { from: change.fields.milestones?.from ?? [], to: after, kept } });
    }
    return after.map((milestone, position) => ({ item_code: change.ref, position, ...milestone, completed_at: completions[position] ?? null }));
  });
  for (const batch of chunks(milestones)) await trx.insertInto('milestones').values(batch).execute();
  for (const batch of chunks(ledger)) await appendLedger(trx, batch);
}
