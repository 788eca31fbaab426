import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CaseSource, Form, Fulfilment } from '../domain/cases.js';
import type { LedgerSource, Responsibility } from '../domain/vocabulary.js';
import { appendLedger } from './ledger.js';

/** A case as recorded: the same fields as the import's `cases:` section (SPEC §3). */
export interface CaseRecord {
  code: string;
  unit: string;
  opened: string;
  source: CaseSource;
  category: string;
  primary: Fulfilment | null;
  supervisory: Fulfilment | null;
  dispositions: { person: string; form: Form; measure: string; decided: string }[];
  accountability: { target: string; responsibility: Responsibility; measure: string; decided: string }[];
}

type Field = Exclude<keyof CaseRecord, 'code'>;
const FIELDS: Field[] = ['unit', 'opened', 'source', 'category', 'primary', 'supervisory', 'dispositions', 'accountability'];

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
