import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../domain/time.js';
import { ITEM_EDIT_FIELDS, type EditableItem, type ItemEditField } from '../domain/item-edit.js';
import type { Message } from '../i18n/index.js';
import { requestApproval } from './approvals.js';
import { itemSchema, issueMessage } from './import/document.js';
import { writeItems } from './import/apply.js';
import type { Change, Value } from './import/plan.js';
import { appendLedger } from './ledger.js';

export interface ListEditDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  admins: readonly string[];
}

export type ItemEditOutcome =
  | { ok: true; code: string; action: 'created' | 'updated' | 'unchanged' | 'requested' | 'closed' | 'reopened' }
  | { ok: false; field: ItemEditField | null; refusal: Message; line?: number };

/**
 * The lists a person may edit in Slack (SPEC §2.2): every list for an admin, the lists of the
 * units they head for anyone else; none for a stranger.
 */
export async function editableLists(deps: Pick<ListEditDeps, 'db' | 'admins'>, actor: string): Promise<{ ref: string; id: number; unit: string; name: string; year: number; signed: boolean }[]> {
  let query = deps.db
    .selectFrom('lists')
    .innerJoin('units', 'units.code', 'lists.unit_code')
    .select(['lists.id', 'lists.unit_code', 'lists.year', 'lists.signed_at', 'units.name'])
    // Responsibility lists only: a finding's rectification list follows its inspection.
    .where('lists.kind', '=', 'responsibility')
    .orderBy('lists.unit_code')
    .orderBy('lists.year', 'desc');
  if (!deps.admins.includes(actor)) query = query.where('units.head_user', '=', actor);
  const rows = await query.execute();
  return rows.map((row) => ({ ref: `${row.unit_code}/${row.year}`, id: row.id, unit: row.unit_code, name: row.name, year: row.year, signed: row.signed_at !== null }));
}

async function storedItem(db: Kysely<Database> | Transaction<Database>, code: string) {
  const item = await db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .selectAll('items')
    .select(['lists.unit_code', 'lists.year', 'lists.signed_at', 'lists.kind'])
    .where('items.code', '=', code)
    .executeTakeFirst();
  if (!item) return null;
  const owners = (await db.selectFrom('item_owners').select('user_id').where('item_code', '=', code).orderBy('position').execute()).map((row) => row.user_id);
  const milestones = (await db.selectFrom('milestones').select(['title', 'due', 'percent']).where('item_code', '=', code).orderBy('position').execute()).map((m) => ({ title: m.title, due: m.due, percent: m.percent }));
  return { item, owners, milestones };
}

/** A stored item for someone who may edit it; `null` for an unknown code and for anyone else alike. */
export async function itemForEdit(deps: Pick<ListEditDeps, 'db' | 'admins'>, actor: string, code: string): Promise<EditableItem | null> {
  const found = await storedItem(deps.db, code.trim());
  if (!found) return null;
  const lists = await editableLists(deps, actor);
  const ref = `${found.item.unit_code}/${found.item.year}`;
  if (found.item.kind !== 'responsibility' || !lists.some((list) => list.ref === ref)) return null;
  const { item } = found;
  return {
    code: item.code,
    list: ref,
    title: item.title,
    target: item.target,
    department: item.department,
    measures: item.measures,
    owners: found.owners,
    due: item.due,
    cadence: item.cadence,
    milestones: found.milestones,
    closed: item.closed_at !== null,
    signed: item.signed_at !== null,
  };
}

// An issue of the item's schema points at the field it is about; anything else at the code.
const fieldOf = (path: PropertyKey | undefined): ItemEditField => ITEM_EDIT_FIELDS.find((field) => field === path && field !== 'list') ?? 'code';

/**
 * Adds or edits an item of a list the actor may edit (an admin, or the unit's head), validated
 * like an import. On an unsigned list the change is written at once with an `edited` ledger
 * entry (actor, source `modal`, old and new values); on a signed list it becomes a change request
 * to be approved, like a re-import's. A stranger is refused and nothing is written.
 */
export async function editItem(deps: ListEditDeps, actor: string, input: { list?: string | undefined; mode: 'add' | 'edit' } & Record<string, unknown>): Promise<ItemEditOutcome> {
  const lists = await editableLists(deps, actor);
  if (lists.length === 0) return { ok: false, field: null, refusal: { key: 'itemEdit.notEntitled' } };
  const { list: listRef, mode, ...fields } = input;
  const parsed = itemSchema.safeParse({ responsibility: 'primary', ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as (typeof parsed.error.issues)[number];
    const line = issue.path[0] === 'milestones' && typeof issue.path[1] === 'number' ? issue.path[1] + 1 : undefined;
    return { ok: false, field: fieldOf(issue.path[0]), refusal: issueMessage(issue), ...(line !== undefined && { line }) };
  }
  const value = parsed.data;
  const late = value.milestones.findIndex((milestone) => milestone.due > value.due);
  if (late >= 0) return { ok: false, field: 'milestones', line: late + 1, refusal: { key: 'itemEdit.milestoneAfterDue', params: { due: value.due } } };

  return deps.db.transaction().execute(async (trx) => {
    // Edits and imports take the same lock: both plan against the stored state.
    await sql`select pg_advisory_xact_lock(hashtext('zeren:import'))`.execute(trx);
    const found = await storedItem(trx, value.code);
    if (mode === 'add' && found) return { ok: false as const, field: 'code' as const, refusal: { key: 'itemEdit.exists', params: { code: value.code } } as Message };
    if (mode === 'edit' && !found) return { ok: false as const, field: 'code' as const, refusal: { key: 'itemEdit.unknown', params: { code: value.code } } as Message };
    const ref = found ? `${found.item.unit_code}/${found.item.year}` : (listRef ?? '');
    const list = found && found.item.kind !== 'responsibility' ? undefined : lists.find((entry) => entry.ref === ref);
    if (!list) return { ok: false as const, field: found ? ('code' as const) : ('list' as const), refusal: { key: 'itemEdit.notEntitled' } as Message };
    const today = localDate(deps.now, deps.timeZone);
    const desired: Record<string, Value> = {
      list: ref,
      title: value.title,
      responsibility: found?.item.responsibility ?? value.responsibility,
      target: value.target ?? null,
      department: value.department ?? null,
      measures: value.measures ?? null,
      owners: value.owners,
      start: found?.item.start ?? (today < value.due ? today : value.due),
      due: value.due,
      cadence: value.cadence,
      milestones: value.milestones.map((m) => ({ title: m.title, due: m.due, percent: m.percent ?? null })),
    };
    const before: Record<string, Value> | undefined = found ? {
      list: ref,
      title: found.item.title,
      responsibility: found.item.responsibility,
      target: found.item.target,
      department: found.item.department,
      measures: found.item.measures,
      owners: found.owners,
      start: found.item.start,
      due: found.item.due,
      cadence: found.item.cadence,
      milestones: found.milestones,
    } : undefined;
    const changed: Change['fields'] = {};
    for (const [field, to] of Object.entries(desired)) {
      const from = before?.[field] ?? null;
      if (!before || JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from, to };
    }
    if (before && Object.keys(changed).length === 0) return { ok: true as const, code: value.code, action: 'unchanged' as const };
    const change: Change = { entity: 'items', ref: value.code, action: before ? 'updated' : 'created', fields: changed };
    await trx.insertInto('people').values(value.owners.map((user_id) => ({ user_id }))).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
    if (list.signed) {
      // A signed list is locked (签字背书): the change waits for the head's approval.
      await requestApproval(
        trx,
        { kind: 'change', unit: list.unit, item: before ? value.code : null, listId: list.id, requestedBy: actor, source: 'modal', details: { ...change } },
        deps.now,
        deps.timeZone,
        deps.admins,
      );
      return { ok: true as const, code: value.code, action: 'requested' as const };
    }
    await writeItems(trx, [change], new Map([[ref, list.id]]), deps.now, { actor, source: 'modal' });
    await appendLedger(trx, [
      { unit: list.unit, item: value.code, kind: 'edited', actor, source: 'modal', at: deps.now, details: { entity: 'item', action: change.action, ...(change.action === 'created' ? { values: desired } : { changes: changed }) } },
    ]);
    return { ok: true as const, code: value.code, action: change.action };
  });
}

/**
 * Closes or reopens an item of a list the actor may edit, with a `closed` or `reopened` ledger
 * entry. Closing is not a change of the list's content (its hash), so it applies at once, signed
 * list or not.
 */
export async function setItemClosed(deps: ListEditDeps, actor: string, code: string, closed: boolean): Promise<ItemEditOutcome> {
  const view = await itemForEdit(deps, actor, code);
  if (!view) return { ok: false, field: 'code', refusal: (await editableLists(deps, actor)).length ? { key: 'itemEdit.unknown', params: { code } } : { key: 'itemEdit.notEntitled' } };
  if (view.closed === closed) return { ok: true, code: view.code, action: 'unchanged' };
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ closed_at: closed ? deps.now : null, updated_at: deps.now }).where('code', '=', view.code).execute();
    await appendLedger(trx, [{ unit: view.list.split('/')[0] as string, item: view.code, kind: closed ? 'closed' : 'reopened', actor, source: 'modal', at: deps.now, details: { list: view.list } }]);
  });
  return { ok: true, code: view.code, action: closed ? 'closed' : 'reopened' };
}
