import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { controlCharacterIn } from '../domain/control-characters.js';
import { isVerdict, MAX_VERDICT_NOTE, type Verdict } from '../domain/reviews.js';
import { isoWithOffset } from '../domain/time.js';
import type { LedgerSource } from '../domain/vocabulary.js';
import type { Message } from '../i18n/index.js';
import { appendLedger, type LedgerRecord } from './ledger.js';

/**
 * The year-end review's verdicts (逐项过堂, SPEC §2.7): one per item of a unit's year, recorded in
 * Slack or imported; every verdict and every change of one is a ledger entry of the item's unit.
 */
export interface ReviewDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  admins: readonly string[];
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The units whose year a person may review: every unit for an admin; else the units they head,
 * those they supervise and every unit below them (a parent's supervisor reviews its children), and
 * the units inspected by a unit they supervise.
 */
export async function reviewUnitsOf(deps: { db: Db; admins: readonly string[] }, actor: string): Promise<{ code: string; name: string }[]> {
  if (deps.admins.includes(actor)) return deps.db.selectFrom('units').select(['code', 'name']).orderBy('code').execute();
  const { rows } = await sql<{ code: string; name: string }>`
    with recursive supervised as (
      select code from units where supervisor_user = ${actor}
      union
      select u.code from units u join supervised s on u.parent_code = s.code
    )
    select code, name from units
    where head_user = ${actor}
      or code in (select code from supervised)
      or code in (select i.unit_code from inspections i join units b on b.code = i.by_unit where b.supervisor_user = ${actor})
    order by code`.execute(deps.db);
  return rows;
}

/** One verdict as it is given: the item, the verdict, a note. */
export interface VerdictInput {
  item: string;
  verdict: string | null | undefined;
  note?: string | null | undefined;
}

/** A verdict checked and placed: the item's unit and year from its list. */
export interface PlacedVerdict {
  item: string;
  unit: string;
  year: number;
  verdict: Verdict;
  note: string | null;
}

/** The note of a verdict, or why it is refused. */
export function checkVerdictNote(note: string | null | undefined): { ok: true; note: string | null } | { ok: false; refusal: Message } {
  const trimmed = (note ?? '').trim();
  if (trimmed.length > MAX_VERDICT_NOTE) return { ok: false, refusal: { key: 'progress.noteTooLong', params: { max: MAX_VERDICT_NOTE, length: trimmed.length } } };
  const control = controlCharacterIn(trimmed, { lines: true });
  if (control) return { ok: false, refusal: { key: 'progress.noteControl', params: { code: control } } };
  return { ok: true, note: trimmed || null };
}

/** The stored items of the given codes (any case) with their unit and list year. */
export async function itemsForReview(db: Db, codes: string[]) {
  if (codes.length === 0) return new Map<string, { code: string; unit: string; year: number }>();
  const rows = await db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .select(['items.code', 'lists.unit_code as unit', 'lists.year'])
    .where(sql<string>`lower(items.code)`, 'in', codes.map((code) => code.toLowerCase()))
    .execute();
  return new Map(rows.map((row) => [row.code.toLowerCase(), row]));
}

/** The stored verdicts of the given items. */
export async function storedVerdicts(db: Db, items: string[]) {
  if (items.length === 0) return new Map<string, { verdict: Verdict; note: string | null; reviewed_by: string; reviewed_at: Date }>();
  const rows = await db.selectFrom('item_reviews').select(['item_code', 'verdict', 'note', 'reviewed_by', 'reviewed_at']).where('item_code', 'in', items).execute();
  return new Map(rows.map((row) => [row.item_code, row]));
}

/** Whether a verdict differs from the stored one (a verdict and note the same are no change). */
export const verdictChanged = (stored: { verdict: string; note: string | null } | undefined, verdict: PlacedVerdict) => !stored || stored.verdict !== verdict.verdict || (stored.note ?? null) !== verdict.note;

/**
 * Writes the verdicts that change something: the current verdict, and a ledger entry on the item's
 * unit (`reviewed`, or `review_changed` with the former verdict). Inside the caller's transaction.
 *
 * @returns how many were written.
 */
export async function writeVerdicts(trx: Transaction<Database>, verdicts: PlacedVerdict[], actor: string, source: LedgerSource, at: Date, timeZone: string): Promise<number> {
  const stored = await storedVerdicts(trx, verdicts.map((verdict) => verdict.item));
  const ledger: LedgerRecord[] = [];
  for (const verdict of verdicts) {
    const before = stored.get(verdict.item);
    if (!verdictChanged(before, verdict)) continue;
    const row = { unit_code: verdict.unit, year: verdict.year, verdict: verdict.verdict, note: verdict.note, reviewed_by: actor, reviewed_at: at };
    await trx
      .insertInto('item_reviews')
      .values({ item_code: verdict.item, ...row })
      .onConflict((conflict) => conflict.column('item_code').doUpdateSet(row))
      .execute();
    ledger.push({
      unit: verdict.unit,
      item: verdict.item,
      kind: before ? 'review_changed' : 'reviewed',
      actor,
      source,
      at,
      details: {
        year: verdict.year,
        verdict: verdict.verdict,
        ...(verdict.note !== null && { note: verdict.note }),
        ...(before && { from: { verdict: before.verdict, note: before.note, by: before.reviewed_by, at: isoWithOffset(before.reviewed_at, timeZone) } }),
      },
    });
  }
  await appendLedger(trx, ledger);
  return ledger.length;
}

export type VerdictsOutcome = { ok: true; written: number; unchanged: number } | { ok: false; refusal: Message; index: number; field: 'verdict' | 'note' };

/**
 * Records verdicts given in Slack, all or none: each item must exist, its verdict be `met`,
 * `partly_met` or `not_met`, its note short and without control characters, and the person be
 * allowed to review its unit (see {@link reviewUnitsOf}). A verdict equal to the stored one writes
 * nothing; a changed one is a new ledger entry.
 */
export async function recordVerdicts(deps: ReviewDeps, actor: string, inputs: VerdictInput[], source: LedgerSource = 'modal'): Promise<VerdictsOutcome> {
  const checked: { input: VerdictInput; note: string | null }[] = [];
  for (const [index, input] of inputs.entries()) {
    if (!isVerdict(input.verdict)) return { ok: false, refusal: { key: 'reviews.verdictNeeded' }, index, field: 'verdict' };
    const note = checkVerdictNote(input.note);
    if (!note.ok) return { ok: false, refusal: note.refusal, index, field: 'note' };
    checked.push({ input, note: note.note });
  }
  return deps.db.transaction().execute(async (trx) => {
    const items = await itemsForReview(trx, inputs.map((input) => input.item));
    const allowed = new Set((await reviewUnitsOf({ db: trx, admins: deps.admins }, actor)).map((unit) => unit.code));
    const placed: PlacedVerdict[] = [];
    for (const [index, { input, note }] of checked.entries()) {
      const item = items.get(input.item.toLowerCase());
      if (!item) return { ok: false as const, refusal: { key: 'reviews.unknownItem', params: { code: input.item } } as Message, index, field: 'verdict' as const };
      if (!allowed.has(item.unit)) return { ok: false as const, refusal: { key: 'reviews.notReviewer', params: { unit: item.unit } } as Message, index, field: 'verdict' as const };
      placed.push({ item: item.code, unit: item.unit, year: item.year, verdict: input.verdict as Verdict, note });
    }
    const written = await writeVerdicts(trx, placed, actor, source, deps.now, deps.timeZone);
    return { ok: true as const, written, unchanged: placed.length - written };
  });
}

/** One row of the `reviews` export (SPEC §3). */
export interface ReviewRow {
  unit: string;
  year: number;
  code: string;
  verdict: Verdict;
  note: string | null;
  by: string;
  at: string;
}

export const reviewColumns = ['unit', 'year', 'code', 'verdict', 'note', 'by', 'at'] as const;

/** Every recorded verdict (of the units and year given), by unit, year and item. */
export async function exportReviews(deps: { db: Db; timeZone: string }, scope: { units?: string[] | undefined; year?: number | undefined } = {}): Promise<ReviewRow[]> {
  let query = deps.db.selectFrom('item_reviews').selectAll().orderBy('unit_code').orderBy('year').orderBy('item_code');
  if (scope.units) query = query.where('unit_code', 'in', scope.units.length ? scope.units : ['']);
  if (scope.year !== undefined) query = query.where('year', '=', scope.year);
  return (await query.execute()).map((row) => ({
    unit: row.unit_code,
    year: row.year,
    code: row.item_code,
    verdict: row.verdict,
    note: row.note,
    by: row.reviewed_by,
    at: isoWithOffset(row.reviewed_at, deps.timeZone),
  }));
}

/**
 * The items of a year with no verdict, of the units given (the children of a digest's unit),
 * open or closed, by unit and code.
 */
export async function unreviewedItems(db: Db, units: string[], year: number): Promise<{ unit: string; code: string; title: string }[]> {
  if (units.length === 0) return [];
  return db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .leftJoin('item_reviews', 'item_reviews.item_code', 'items.code')
    .select(['lists.unit_code as unit', 'items.code', 'items.title'])
    .where('lists.unit_code', 'in', units)
    .where('lists.year', '=', year)
    .where('item_reviews.item_code', 'is', null)
    .orderBy('lists.unit_code')
    .orderBy('items.code')
    .execute();
}
