import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Cadence } from '../../domain/vocabulary.js';
import type { InspectionKind, ListingReason, Severity } from '../../domain/supervision.js';
import { localDate, zonedInstant } from '../../domain/time.js';
import type { OrderInput } from './document.js';
import { appendLedger, type LedgerRecord } from '../ledger.js';
import { writeItems, type Writer } from './apply.js';
import type { Change, Plan, Value } from './plan.js';
import type { Bundle } from './validate.js';

type Db = Transaction<Database>;

/**
 * A case listed for supervision is tracked by an item of its unit's `case` list, of the same code:
 * its unit's head owns it and reports on it, and the prompt, report, escalation and closure
 * machinery of a listed subject applies. The item carries the case's code and category, never a
 * person of its dispositions; it is made once per case.
 *
 * @returns the codes of the listed subjects that are cases.
 */
async function trackCases(trx: Db, orders: OrderInput[], at: Date, timeZone: string): Promise<Set<string>> {
  const subjects = orders.map((order) => order.subject);
  if (subjects.length === 0) return new Set();
  const found = await trx
    .selectFrom('cases')
    .innerJoin('units', 'units.code', 'cases.unit_code')
    .select(['cases.code', 'cases.unit_code', 'cases.category', 'cases.item_code', 'units.head_user'])
    .where('cases.code', 'in', subjects)
    .execute();
  const today = localDate(at, timeZone);
  for (const tracked of found) {
    if (tracked.item_code || !tracked.head_user) continue;
    const order = orders.find((candidate) => candidate.subject === tracked.code) as OrderInput;
    const year = Number(today.slice(0, 4));
    await trx.insertInto('lists').values({ unit_code: tracked.unit_code, year, kind: 'case', created_at: at, updated_at: at }).onConflict((conflict) => conflict.columns(['unit_code', 'year', 'kind']).doNothing()).execute();
    const list = await trx.selectFrom('lists').select('id').where('unit_code', '=', tracked.unit_code).where('year', '=', year).where('kind', '=', 'case').executeTakeFirstOrThrow();
    await trx
      .insertInto('items')
      .values({ code: tracked.code, list_id: list.id, title: tracked.category, responsibility: 'primary', target: null, department: null, measures: null, start: today < order.due ? today : order.due, due: order.due, cadence: order.cadence, created_at: at, updated_at: at })
      .execute();
    await trx.insertInto('item_state').values({ item_code: tracked.code, updated_at: at }).execute();
    await trx.insertInto('people').values({ user_id: tracked.head_user }).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
    await trx.insertInto('item_owners').values({ item_code: tracked.code, user_id: tracked.head_user, position: 0 }).execute();
    await trx.updateTable('cases').set({ item_code: tracked.code }).where('code', '=', tracked.code).execute();
  }
  return new Set(found.map((row) => row.code));
}
const newValues = (change: Change) => Object.fromEntries(Object.entries(change.fields).map(([field, { to }]) => [field, to])) as Record<string, Value>;
const describe = (change: Change) => (change.action === 'created' ? { values: newValues(change) } : { changes: change.fields });

/** A finding's fields as item fields: the requirement is the item's target. */
const itemFields: Record<string, string> = { list: 'list', title: 'title', requirement: 'target', owners: 'owners', start: 'start', due: 'due', cadence: 'cadence' };

function asItemChange(change: Change): Change {
  const fields: Change['fields'] = {};
  for (const [field, value] of Object.entries(change.fields)) {
    const column = itemFields[field];
    if (column) fields[column] = value;
  }
  if (change.action === 'created') Object.assign(fields, { responsibility: { from: null, to: 'primary' }, department: { from: null, to: null }, measures: { from: null, to: null }, milestones: { from: null, to: [] } });
  return { ...change, entity: 'items', fields };
}

/**
 * Writes the supervision part of a plan: inspections, findings (each an item of its unit's
 * rectification list, with a `findings` row) and listed-supervision orders, and one `imported`
 * ledger entry for each (an order's entry names its code). A finding the file marks closed is
 * closed with a `closed` entry. The supervisors' modals write through here too, as their
 * `writer` (source `modal`): their entries are `recorded` rather than `imported`.
 */
export async function applySupervision(trx: Db, plan: Plan, bundle: Bundle, at: Date, timeZone: string, writer: Writer = { actor: 'system', source: 'import' }): Promise<void> {
  const of = (entity: Change['entity']) => plan.changes.filter((change) => change.entity === entity);
  const [inspectionChanges, findingChanges, orderChanges] = [of('inspections'), of('findings'), of('supervision')];
  if (inspectionChanges.length + findingChanges.length + orderChanges.length === 0) return;
  const ledger: LedgerRecord[] = [];
  const { actor, source } = writer;
  const written = source === 'import' ? 'imported' : 'recorded';
  const inspectionOf = new Map(bundle.inspections.flatMap(({ value: inspection }) => inspection.findings.map((finding) => [finding.code, inspection] as const)));
  const inspections = new Map(bundle.inspections.map(({ value }) => [value.code, value]));

  const people = new Set<string>();
  for (const change of findingChanges) for (const owner of (change.fields.owners?.to as string[] | undefined) ?? []) people.add(owner);
  for (const change of orderChanges) if (change.fields.by) people.add(change.fields.by.to as string);
  if (people.size) {
    await trx.insertInto('people').values([...people].map((user_id) => ({ user_id }))).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
  }

  for (const change of inspectionChanges) {
    const values = newValues(change);
    const row = {
      ...(values.kind !== undefined && { kind: values.kind as InspectionKind }),
      ...(values.unit !== undefined && { unit_code: values.unit as string }),
      ...(values.by !== undefined && { by_unit: values.by as string }),
      ...(values.from !== undefined && { starts_on: values.from as string }),
      ...(values.to !== undefined && { ends_on: values.to as string }),
      ...(values.items !== undefined && { key_items: values.items as string[] }),
    };
    if (change.action === 'created') {
      await trx.insertInto('inspections').values({ code: change.ref, kind: 'inspection', unit_code: '', by_unit: '', starts_on: '', ends_on: '', recorded_by: actor, ...row, created_at: at, updated_at: at }).execute();
    } else {
      await trx.updateTable('inspections').set({ ...row, updated_at: at }).where('code', '=', change.ref).execute();
    }
    ledger.push({ unit: (inspections.get(change.ref) as { unit: string }).unit, item: null, kind: written, actor, source, at, details: { entity: 'inspection', action: change.action, inspection: change.ref, ...describe(change) } });
  }

  // Each new finding's rectification list, made once.
  const refs = [...new Set(findingChanges.flatMap((change) => (change.fields.list ? [change.fields.list.to as string] : [])))];
  for (const ref of refs) {
    const [unit, year] = ref.split('/') as [string, string];
    await trx.insertInto('lists').values({ unit_code: unit, year: Number(year), kind: 'rectification', created_at: at, updated_at: at }).onConflict((conflict) => conflict.columns(['unit_code', 'year', 'kind']).doNothing()).execute();
  }
  const listIds = new Map(
    (await trx.selectFrom('lists').select(['id', 'unit_code', 'year']).where('kind', '=', 'rectification').execute()).map((list) => [`${list.unit_code}/${list.year}/rectification`, list.id]),
  );
  await writeItems(trx, findingChanges.map(asItemChange), listIds, at, writer);
  for (const change of findingChanges) {
    const values = newValues(change);
    const row = {
      ...(values.inspection !== undefined && { inspection_code: values.inspection as string }),
      ...(values.severity !== undefined && { severity: values.severity as Severity }),
      ...(values.item !== undefined && { concerns_item: values.item as string | null }),
      ...(values.requirement !== undefined && { requirement: values.requirement as string }),
    };
    if (change.action === 'created') await trx.insertInto('findings').values({ item_code: change.ref, inspection_code: '', severity: 'minor', requirement: '', ...row }).execute();
    else if (Object.keys(row).length) await trx.updateTable('findings').set(row).where('item_code', '=', change.ref).execute();
    const unit = (inspectionOf.get(change.ref) as { unit: string }).unit;
    ledger.push({ unit, item: change.ref, kind: written, actor, source, at, details: { entity: 'finding', action: change.action, ...describe(change) } });
    if (values.closed) {
      const closedAt = zonedInstant(values.closed as string, '00:00', timeZone);
      await trx.updateTable('items').set({ closed_at: closedAt, updated_at: at }).where('code', '=', change.ref).execute();
      await trx.updateTable('item_state').set({ approval: 'approved', approved_at: closedAt, updated_at: at }).where('item_code', '=', change.ref).execute();
      ledger.push({ unit, item: change.ref, kind: 'closed', actor, source, at, details: { closed: values.closed } });
    }
  }

  const orders = new Map(bundle.supervision.map(({ value }) => [value.code, value]));
  const cases = await trackCases(trx, orderChanges.filter((change) => change.action === 'created').map((change) => orders.get(change.ref) as OrderInput), at, timeZone);
  const subjects = orderChanges.length
    ? new Map(
        (
          await trx
            .selectFrom('items')
            .innerJoin('lists', 'lists.id', 'items.list_id')
            .select(['items.code', 'lists.unit_code'])
            .where('items.code', 'in', orderChanges.map((change) => (change.fields.subject?.to as string | undefined) ?? ''))
            .execute()
        ).map((row) => [row.code, row.unit_code]),
      )
    : new Map<string, string>();
  for (const change of orderChanges) {
    const values = newValues(change);
    const order = orders.get(change.ref) as { subject: string };
    const row = {
      ...(values.by !== undefined && { issuer: values.by as string }),
      ...(values.reason !== undefined && { reason: values.reason as ListingReason }),
      ...(values.due !== undefined && { due: values.due as string }),
      ...(values.cadence !== undefined && { cadence: values.cadence as Cadence }),
    };
    const unit = subjects.get(order.subject) ?? (await trx.selectFrom('supervision_orders').select('unit_code').where('code', '=', change.ref).executeTakeFirstOrThrow()).unit_code;
    if (change.action === 'created') {
      await trx.insertInto('supervision_orders').values({ code: change.ref, subject_code: order.subject, unit_code: unit, issuer: '', reason: 'other', due: '', cadence: 'weekly', created_by: actor, ...row, created_at: at, updated_at: at }).execute();
    } else {
      await trx.updateTable('supervision_orders').set({ ...row, updated_at: at }).where('code', '=', change.ref).execute();
      // A listed case's tracking item is due when its order is.
      if (row.due) {
        await trx
          .updateTable('items')
          .set({ due: row.due, start: sql<string>`least(start, ${row.due}::date)`, updated_at: at })
          .where('code', '=', order.subject)
          .where((eb) => eb.exists(eb.selectFrom('cases').select('cases.code').whereRef('cases.item_code', '=', 'items.code')))
          .execute();
      }
    }
    const listedCase = cases.has(order.subject) ? { case: order.subject } : {};
    ledger.push({ unit, item: order.subject, kind: change.action === 'created' ? 'listed' : written, actor, source, at, details: { entity: 'supervision', action: change.action, order: change.ref, ...listedCase, ...describe(change) } });
  }
  await appendLedger(trx, ledger);
}
