import type { Kysely } from 'kysely';
import type { Database, ListKind } from '../db/schema.js';
import { sheetName, type ReviewDocument, type ReviewKind, type ReviewSheetRow } from '../domain/reviews.js';
import { isoWithOffset } from '../domain/time.js';
import { toCell } from './export-format.js';
import { exportItems, ledgerColumns, ledgerRow, specItemColumns, type LedgerRow } from './exports.js';
import { storedVerdicts } from './reviews.js';
import { buildWorkbook } from './xlsx.js';

export type { ReviewDocument, ReviewKind, ReviewSheetRow } from '../domain/reviews.js';

export const reviewSheetColumns = [
  ...specItemColumns,
  'kind',
  'findings',
  'listed',
  'reports',
  'first_report_at',
  'escalations',
  'verdict',
  'note',
  'reviewed_by',
  'reviewed_at',
  'sheet',
] as const satisfies readonly (keyof ReviewSheetRow)[];


// A case list's items only track listed cases (their order is in the review); they are not read.
const KIND_OF_LIST: Record<ListKind, ReviewKind> = { responsibility: 'item', rectification: 'finding', report: 'report', case: 'order' };
const REPORT_KINDS = ['report', 'submitted'];

/** The name of the first sheet; no item's sheet takes it. */
export const REVIEW_SHEET = 'review';

/**
 * The year-end review of a unit's year (逐项过堂, SPEC §2.7): every item of its lists of that year
 * (responsibility items, findings, reports in rounds) with the values of the `items` export, the
 * findings and orders on it, its reports and escalations from the ledger and its verdict; then
 * every listed-supervision order on those items (or issued that year on the unit). `null` when
 * there is no such unit.
 */
export async function reviewDocument(deps: { db: Kysely<Database>; now: Date; timeZone: string }, unit: string, year: number): Promise<ReviewDocument | null> {
  const found = await deps.db.selectFrom('units').select('code').where('code', '=', unit).executeTakeFirst();
  if (!found) return null;
  const listed = await deps.db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .select(['items.code', 'lists.kind'])
    .where('lists.unit_code', '=', unit)
    .where('lists.year', '=', year)
    .where('lists.kind', '!=', 'case')
    .execute();
  const kinds = new Map(listed.map((row) => [row.code, KIND_OF_LIST[row.kind]]));
  const codes = [...kinds.keys()];
  const order = { item: 0, finding: 1, report: 2, order: 3 };
  const items = (await exportItems(deps, [unit]))
    .filter((item) => kinds.has(item.code))
    .sort((a, b) => order[kinds.get(a.code) as ReviewKind] - order[kinds.get(b.code) as ReviewKind] || a.code.localeCompare(b.code));
  const [findings, orders, entries, verdicts] = await Promise.all([
    codes.length ? deps.db.selectFrom('findings').select(['item_code', 'concerns_item']).where('concerns_item', 'in', codes).orderBy('item_code').execute() : [],
    deps.db.selectFrom('supervision_orders').selectAll().where('unit_code', '=', unit).orderBy('code').execute(),
    codes.length ? deps.db.selectFrom('ledger').selectAll().where('item_code', 'in', codes).orderBy('id').execute() : [],
    storedVerdicts(deps.db, codes),
  ]);
  const yearOf = (instant: Date) => Number(isoWithOffset(instant, deps.timeZone).slice(0, 4));
  const theOrders = orders.filter((row) => kinds.has(row.subject_code) || yearOf(row.created_at) === year);
  const ledgerOf = new Map<string, LedgerRow[]>();
  for (const entry of entries) {
    const code = entry.item_code as string;
    ledgerOf.set(code, [...(ledgerOf.get(code) ?? []), ledgerRow(entry, deps.timeZone)]);
  }
  const taken = new Set([REVIEW_SHEET]);
  const ledgers = items.map((item) => ({ code: item.code, sheet: sheetName(item.code, taken), entries: ledgerOf.get(item.code) ?? [] }));
  const sheetOf = new Map(ledgers.map((ledger) => [ledger.code, ledger.sheet]));
  const rows: ReviewSheetRow[] = items.map((item) => {
    const ledger = ledgerOf.get(item.code) ?? [];
    const reports = ledger.filter((entry) => REPORT_KINDS.includes(entry.kind));
    const verdict = verdicts.get(item.code);
    return {
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
      last_report_at: item.last_report_at,
      list_signed_at: item.list_signed_at,
      kind: kinds.get(item.code) as ReviewKind,
      findings: findings.filter((finding) => finding.concerns_item === item.code).map((finding) => finding.item_code),
      listed: theOrders.filter((row) => row.subject_code === item.code).map((row) => row.code),
      reports: reports.length,
      first_report_at: reports[0]?.at ?? null,
      escalations: ledger.filter((entry) => entry.kind === 'escalated').map((entry) => `${entry.at} level ${String(entry.details.level ?? '')} (${String(entry.details.reason ?? '')})`),
      verdict: verdict?.verdict ?? null,
      note: verdict?.note ?? null,
      reviewed_by: verdict?.reviewed_by ?? null,
      reviewed_at: verdict ? isoWithOffset(verdict.reviewed_at, deps.timeZone) : null,
      sheet: sheetOf.get(item.code) ?? null,
    };
  });
  for (const row of theOrders) {
    rows.push({
      unit: row.unit_code,
      code: row.code,
      title: row.subject_code,
      responsibility: null,
      owners: [row.issuer],
      due: row.due,
      percent: null,
      status: row.state,
      light: null,
      approval: null,
      last_report_at: null,
      list_signed_at: null,
      kind: 'order',
      findings: [],
      listed: [],
      reports: 0,
      first_report_at: null,
      escalations: [],
      verdict: null,
      note: null,
      reviewed_by: null,
      reviewed_at: null,
      sheet: null,
    });
  }
  return { unit, year, rows, ledgers };
}

/**
 * The review document as an XLSX workbook: the `review` sheet, then one sheet per item with its
 * ledger (the `ledger` export's columns). Text cells are string cells, never formulas.
 */
export async function reviewWorkbook(document: ReviewDocument): Promise<Buffer> {
  return buildWorkbook([
    { name: REVIEW_SHEET, header: reviewSheetColumns, rows: document.rows.map((row) => reviewSheetColumns.map((column) => toCell(row[column]))) },
    ...document.ledgers.map((ledger) => ({ name: ledger.sheet, header: ledgerColumns, rows: ledger.entries.map((entry) => ledgerColumns.map((column) => toCell(entry[column]))) })),
  ]);
}
