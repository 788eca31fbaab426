import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requestApproval } from '../approvals.js';
import { listSummary } from '../signoff.js';
import type { Plan } from './plan.js';
import type { Bundle } from './validate.js';

const listOf = (bundle: Bundle) => new Map(bundle.lists.flatMap((list) => list.items.map((item) => [item.value.code, `${list.unit}/${list.year}`] as const)));

/**
 * A signed list is locked (签字背书): the import's changes to its items (new items included) are
 * taken out of the plan, to be requested of the unit head instead of written.
 */
export async function holdSignedChanges(trx: Transaction<Database>, plan: Plan, bundle: Bundle): Promise<Plan> {
  const signed = new Set((await trx.selectFrom('lists').select(['unit_code', 'year']).where('kind', '=', 'responsibility').where('signed_at', 'is not', null).execute()).map((list) => `${list.unit_code}/${list.year}`));
  if (signed.size === 0) return plan;
  const lists = listOf(bundle);
  const held = (change: Plan['changes'][number]) => change.entity === 'items' && signed.has(lists.get(change.ref) ?? '');
  return { ...plan, changes: plan.changes.filter((change) => !held(change)), requested: plan.changes.filter(held) };
}

/**
 * After an import is written: a change request for each held change, and a request to sign each
 * unsigned list the import created or changed (at most one pending request of each at a time).
 */
export async function requestSignatures(trx: Transaction<Database>, plan: Plan, bundle: Bundle, now: Date, timeZone: string): Promise<void> {
  const lists = new Map((await trx.selectFrom('lists').select(['id', 'unit_code', 'year', 'signed_at']).where('kind', '=', 'responsibility').execute()).map((list) => [`${list.unit_code}/${list.year}`, list]));
  const itemLists = listOf(bundle);
  for (const change of plan.requested) {
    const list = lists.get(itemLists.get(change.ref) ?? '');
    if (!list) continue;
    await requestApproval(
      trx,
      { kind: 'change', unit: list.unit_code, item: change.action === 'updated' ? change.ref : null, listId: list.id, requestedBy: 'system', source: 'import', details: { ...change } },
      now,
      timeZone,
    );
  }
  const touched = new Set(plan.changes.flatMap((change) => (change.entity === 'lists' ? [change.ref] : change.entity === 'items' ? [itemLists.get(change.ref) ?? ''] : [])));
  for (const ref of touched) {
    const list = lists.get(ref);
    if (!list || list.signed_at) continue;
    const summary = await listSummary(trx, list.id);
    if (summary.count === 0) continue;
    await requestApproval(trx, { kind: 'signoff', unit: list.unit_code, listId: list.id, requestedBy: 'system', source: 'import', details: summary }, now, timeZone);
  }
}
