import { sql, type Kysely } from 'kysely';
import { milestonesOfItem } from '../db/item-fragments.js';
import type { Database, LedgerEntry } from '../db/schema.js';
import type { Approval, ReportStatus } from '../domain/vocabulary.js';
import type { Light } from '../domain/lights.js';
import { isoWithOffset } from '../domain/time.js';
import { loadItemStates } from './item-states.js';

/** One row of the `items` export (SPEC §3). */
export interface ItemRow {
  unit: string;
  code: string;
  title: string;
  responsibility: string;
  owners: string[];
  due: string;
  percent: number | null;
  status: ReportStatus | null;
  light: Light;
  approval: Approval;
  last_report_at: string | null;
  list_signed_at: string | null;
  unit_name: string;
  target: string | null;
  department: string | null;
  /** Each milestone as the CSV import writes it, `title@YYYY-MM-DD[@percent]`, in order (a cell joins them with ";"). */
  milestones: string[];
}

import type { LedgerRow } from '../domain/ledger-row.js';

export type { LedgerRow };

/** SPEC §3's columns of the `items` export, in its order (the year-end review starts with them too). */
export const specItemColumns = [
  'unit',
  'code',
  'title',
  'responsibility',
  'owners',
  'due',
  'percent',
  'status',
  'light',
  'approval',
  'last_report_at',
  'list_signed_at',
] as const;

// SPEC §3's columns, then what an office also keeps of an item (after them, so that a reader of the
// earlier columns by position still finds them).
export const itemColumns = [...specItemColumns, 'unit_name', 'target', 'department', 'milestones'] as const;
export const ledgerColumns = ['id', 'at', 'unit', 'item', 'kind', 'actor', 'source', 'percent', 'status', 'note', 'details', 'hash'] as const;

export interface ExportDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** The codes of a unit and every unit under it, or `null` when there is no such unit. */
export async function subtreeOf(db: Kysely<Database>, unit: string): Promise<string[] | null> {
  const { rows } = await sql<{ code: string }>`
    with recursive subtree as (
      select code from units where code = ${unit}
      union all
      select u.code from units u join subtree s on u.parent_code = s.code
    )
    select code from subtree`.execute(db);
  return rows.length ? rows.map((row) => row.code) : null;
}

/**
 * The current state of every item (of a subtree when `units` is given), with its light.
 * The digests and the web download use the same function, so their numbers agree.
 */
export async function exportItems(deps: ExportDeps, units?: string[]): Promise<ItemRow[]> {
  // A case's tracking item is not an item of any list an office keeps: the case is in the cases export.
  const items = (await loadItemStates(deps, units ? { units } : {})).filter((item) => !item.tracksCase);
  const details = new Map(
    (
      await deps.db
        .selectFrom('items')
        .innerJoin('lists', 'lists.id', 'items.list_id')
        .innerJoin('units', 'units.code', 'lists.unit_code')
        .select(['items.code', 'items.target', 'items.department', 'units.name as unit_name', milestonesOfItem<{ title: string; due: string; percent: number | null }>().as('milestones')])
        .$if(units !== undefined, (query) => query.where('lists.unit_code', 'in', units?.length ? units : ['']))
        .execute()
    ).map((row) => [row.code, row]),
  );
  return items.map((item) => ({
    unit: item.unit,
    code: item.code,
    title: item.title,
    responsibility: item.responsibility,
    owners: item.owners,
    due: item.due,
    percent: item.percent,
    status: item.status,
    light: item.light,
    approval: item.approval,
    last_report_at: item.lastReportAt ? isoWithOffset(item.lastReportAt, deps.timeZone) : null,
    list_signed_at: item.listSignedAt ? isoWithOffset(item.listSignedAt, deps.timeZone) : null,
    unit_name: details.get(item.code)?.unit_name ?? '',
    target: details.get(item.code)?.target ?? null,
    department: details.get(item.code)?.department ?? null,
    milestones: (details.get(item.code)?.milestones ?? []).map((m) => `${m.title}@${m.due}${m.percent === null ? '' : `@${m.percent}`}`),
  }));
}

/** A ledger entry as a row of the `ledger` export. */
export function ledgerRow(entry: LedgerEntry, timeZone: string): LedgerRow {
  const details = entry.details as Record<string, unknown>;
  return {
    id: entry.id,
    at: isoWithOffset(entry.at, timeZone),
    unit: entry.unit_code,
    item: entry.item_code ?? '',
    kind: entry.kind,
    actor: entry.actor,
    source: entry.source,
    percent: typeof details.percent === 'number' ? details.percent : null,
    status: typeof details.status === 'string' ? details.status : null,
    note: typeof details.note === 'string' ? details.note : null,
    details,
    hash: entry.hash,
  };
}

/** Ledger entries oldest first, a page at a time so that a large ledger streams. */
export async function* exportLedger(deps: ExportDeps, units?: string[], pageSize = 5000): AsyncGenerator<LedgerRow> {
  let after = 0;
  for (;;) {
    let query = deps.db.selectFrom('ledger').selectAll().where('id', '>', after).orderBy('id').limit(pageSize);
    if (units) query = query.where('unit_code', 'in', units.length ? units : ['']);
    const page = await query.execute();
    for (const entry of page) yield ledgerRow(entry, deps.timeZone);
    if (page.length < pageSize) return;
    after = (page.at(-1) as { id: number }).id;
  }
}
