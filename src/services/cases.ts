import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CaseRecord, Form } from '../domain/cases.js';
import type { LedgerSource } from '../domain/vocabulary.js';
import type { Message } from '../i18n/index.js';
import { caseSchema, issueMessage } from './import/document.js';
import { appendLedger } from './ledger.js';

export type { CaseRecord };


type Field = Exclude<keyof CaseRecord, 'code'>;
const FIELDS: Field[] = ['unit', 'opened', 'source', 'category', 'primary', 'supervisory', 'concluded', 'dispositions', 'accountability'];

/** What changes between a stored case and the one given, field by field; empty when nothing does. */
export function caseChanges(before: CaseRecord | undefined, after: CaseRecord): Partial<Record<Field, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
  for (const field of FIELDS) {
    const from = before ? before[field] : null;
    if (!before || JSON.stringify(from) !== JSON.stringify(after[field])) changes[field] = { from, to: after[field] };
  }
  return changes;
}

/** The stored cases of the given codes (every case without codes), dispositions and decisions in their order. */
export async function loadCases(db: Kysely<Database> | Transaction<Database>, filter: { codes?: string[]; units?: string[] } = {}): Promise<CaseRecord[]> {
  let query = db.selectFrom('cases').selectAll().orderBy('unit_code').orderBy('opened').orderBy('code');
  if (filter.codes) query = query.where('code', 'in', filter.codes.length ? filter.codes : ['']);
  if (filter.units) query = query.where('unit_code', 'in', filter.units.length ? filter.units : ['']);
  const cases = await query.execute();
  if (cases.length === 0) return [];
  const codes = cases.map((row) => row.code);
  const dispositions = await db.selectFrom('case_dispositions').selectAll().where('case_code', 'in', codes).orderBy('case_code').orderBy('position').execute();
  const decisions = await db.selectFrom('case_decisions').selectAll().where('case_code', 'in', codes).orderBy('case_code').orderBy('position').execute();
  const records = new Map<string, CaseRecord>(
    cases.map((row) => [
      row.code,
      {
        code: row.code,
        unit: row.unit_code,
        opened: row.opened,
        source: row.source,
        category: row.category,
        primary: row.primary_finding,
        supervisory: row.supervisory_finding,
        concluded: row.concluded,
        dispositions: [],
        accountability: [],
      },
    ]),
  );
  for (const row of dispositions) records.get(row.case_code)?.dispositions.push({ person: row.person_ref, form: Number(row.form) as Form, measure: row.measure, decided: row.decided });
  for (const row of decisions) records.get(row.case_code)?.accountability.push({ target: row.target, responsibility: row.responsibility, measure: row.measure, decided: row.decided });
  return [...records.values()];
}

/**
 * Writes a case (new, or amended when `before` is given) with its dispositions and decisions, and
 * one ledger entry of the case's unit: `case_recorded` with the values, or `case_amended` with
 * each changed field's old and new value. Nothing is written when nothing changed.
 *
 * @returns whether anything was written.
 */
export async function writeCase(
  trx: Transaction<Database>,
  record: CaseRecord,
  before: CaseRecord | undefined,
  by: { actor: string; source: LedgerSource; at: Date },
): Promise<boolean> {
  const changes = caseChanges(before, record);
  if (Object.keys(changes).length === 0) return false;
  const row = {
    unit_code: record.unit,
    opened: record.opened,
    source: record.source,
    category: record.category,
    primary_finding: record.primary,
    supervisory_finding: record.supervisory,
    concluded: record.concluded,
    updated_at: by.at,
  };
  if (before) await trx.updateTable('cases').set(row).where('code', '=', record.code).execute();
  else await trx.insertInto('cases').values({ code: record.code, ...row, created_at: by.at }).execute();
  if (changes.dispositions) {
    await trx.deleteFrom('case_dispositions').where('case_code', '=', record.code).execute();
    if (record.dispositions.length) {
      await trx
        .insertInto('case_dispositions')
        .values(record.dispositions.map((d, position) => ({ case_code: record.code, position, person_ref: d.person, form: d.form, measure: d.measure, decided: d.decided })))
        .execute();
    }
  }
  if (changes.accountability) {
    await trx.deleteFrom('case_decisions').where('case_code', '=', record.code).execute();
    if (record.accountability.length) {
      await trx
        .insertInto('case_decisions')
        .values(record.accountability.map((d, position) => ({ case_code: record.code, position, ...d })))
        .execute();
    }
  }
  const { code, ...values } = record;
  await appendLedger(trx, [
    {
      unit: record.unit,
      kind: before ? 'case_amended' : 'case_recorded',
      actor: by.actor,
      source: by.source,
      at: by.at,
      details: before ? { case: code, changes } : { case: code, values },
    },
  ]);
  return true;
}

/** The open listed-supervision order (挂牌督办) of each of these cases that has one: case code → order code. */
export async function openOrdersOfCases(db: Kysely<Database> | Transaction<Database>, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('cases')
    .innerJoin('supervision_orders', 'supervision_orders.subject_code', 'cases.item_code')
    .select(['cases.code', 'supervision_orders.code as order'])
    .where('cases.code', 'in', codes)
    .where('supervision_orders.state', '<>', 'closed')
    .execute();
  return new Map(rows.map((row) => [row.code, row.order]));
}

export interface CaseDeps {
  db: Kysely<Database>;
  now: Date;
  admins: readonly string[];
}

/**
 * The units whose cases a person may see and record: every unit under (and including) one they
 * supervise; every unit for an admin. Cases are visible to nobody else (SPEC §2.7).
 */
export async function caseUnitsOf(deps: Pick<CaseDeps, 'db' | 'admins'>, actor: string): Promise<{ code: string; name: string }[]> {
  const units = await deps.db.selectFrom('units').select(['code', 'name', 'parent_code', 'supervisor_user']).orderBy('code').execute();
  if (deps.admins.includes(actor)) return units.map(({ code, name }) => ({ code, name }));
  const allowed = new Set(units.filter((unit) => unit.supervisor_user === actor).map((unit) => unit.code));
  let grew = allowed.size > 0;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent_code && allowed.has(unit.parent_code) && !allowed.has(unit.code)) {
        allowed.add(unit.code);
        grew = true;
      }
    }
  }
  return units.filter((unit) => allowed.has(unit.code)).map(({ code, name }) => ({ code, name }));
}

/** A stored case, for someone entitled to see it; `null` for an unknown code or anyone else alike (nothing said about its existence). */
export async function caseFor(deps: Pick<CaseDeps, 'db' | 'admins'>, actor: string, code: string): Promise<CaseRecord | null> {
  const [found] = await loadCases(deps.db, { codes: [code.trim()] });
  if (!found) return null;
  const units = await caseUnitsOf(deps, actor);
  return units.some((unit) => unit.code === found.unit) ? found : null;
}

export type CaseField = 'code' | 'unit' | 'opened' | 'source' | 'category' | 'primary' | 'supervisory' | 'concluded' | 'dispositions' | 'accountability';
export type CaseOutcome =
  | { ok: true; code: string; action: 'created' | 'updated' | 'unchanged' }
  /** `line`: the line of the dispositions or decisions at fault, counted from 1. */
  | { ok: false; field: CaseField | null; refusal: Message; line?: number };

/**
 * Records a new case or amends a stored one (by code) for a supervisor of its unit or of a unit
 * above, or an admin: validated like an import, written with its ledger entry, or refused with
 * the field at fault and nothing written.
 */
export async function recordCase(deps: CaseDeps, actor: string, input: Record<string, unknown>, source: LedgerSource = 'modal'): Promise<CaseOutcome> {
  const units = await caseUnitsOf(deps, actor);
  if (units.length === 0) return { ok: false, field: null, refusal: { key: 'case.notEntitled' } };
  const parsed = caseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as (typeof parsed.error.issues)[number];
    const field = (issue.path[0] as CaseField | undefined) ?? 'code';
    const row = typeof issue.path[1] === 'number' ? issue.path[1] + 1 : undefined;
    const message = issueMessage(issue);
    return { ok: false, field, refusal: message, ...(row !== undefined && { line: row }) };
  }
  const value = parsed.data;
  if (!units.some((unit) => unit.code === value.unit)) {
    const exists = await deps.db.selectFrom('units').select('code').where('code', '=', value.unit).executeTakeFirst();
    return { ok: false, field: 'unit', refusal: exists ? { key: 'case.notEntitledUnit', params: { unit: value.unit } } : { key: 'import.unknownUnit', params: { code: value.unit } } };
  }
  for (const [field, rows] of [['dispositions', value.dispositions], ['accountability', value.accountability]] as const) {
    const early = rows.findIndex((row) => row.decided < value.opened);
    if (early >= 0) {
      const row = rows[early] as { decided: string };
      return { ok: false, field, line: early + 1, refusal: { key: 'import.decidedBeforeOpened', params: { decided: row.decided, opened: value.opened } } };
    }
  }
  return deps.db.transaction().execute(async (trx) => {
    // One writer per case at a time: two supervisors amending at once both see the other's result.
    await sql`select pg_advisory_xact_lock(hashtext(${`zeren:case:${value.code}`}))`.execute(trx);
    const [before] = await loadCases(trx, { codes: [value.code] });
    if (before && before.unit !== value.unit) return { ok: false as const, field: 'unit' as const, refusal: { key: 'import.caseElsewhere' as const, params: { code: value.code, unit: before.unit } } };
    if (before && !units.some((unit) => unit.code === before.unit)) return { ok: false as const, field: 'code' as const, refusal: { key: 'case.notEntitledUnit' as const, params: { unit: before.unit } } };
    const record: CaseRecord = {
      code: value.code,
      unit: value.unit,
      opened: value.opened,
      source: value.source,
      category: value.category,
      primary: value.primary ?? null,
      supervisory: value.supervisory ?? null,
      // A case concluded once stays concluded where the form says nothing of it.
      concluded: value.concluded ?? before?.concluded ?? null,
      dispositions: value.dispositions.map((d) => ({ person: d.person, form: d.form as Form, measure: d.measure, decided: d.decided })),
      accountability: value.accountability,
    };
    // Not struck off (不销号): a listed case concludes only with the issuer's approval of its order.
    const listed = record.concluded && !before?.concluded ? (await openOrdersOfCases(trx, [record.code])).get(record.code) : undefined;
    if (listed) return { ok: false as const, field: 'concluded' as const, refusal: { key: 'import.listedConcluded' as const, params: { code: record.code, order: listed } } };
    const written = await writeCase(trx, record, before, { actor, source, at: deps.now });
    return { ok: true as const, code: value.code, action: written ? (before ? ('updated' as const) : ('created' as const)) : ('unchanged' as const) };
  });
}
