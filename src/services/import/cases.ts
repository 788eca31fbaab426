import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LedgerSource } from '../../domain/vocabulary.js';
import { caseChanges, loadCases, openOrdersOfCases, writeCase, type CaseRecord } from '../cases.js';
import type { CaseInput, ImportProblem } from './document.js';
import type { Change, Plan, Value } from './plan.js';
import type { Bundle } from './validate.js';

/** A case as the file gives it; a case concluded once stays concluded where the file says nothing of it. */
const recordOf = (input: CaseInput, before?: CaseRecord): CaseRecord => ({
  code: input.code,
  unit: input.unit,
  opened: input.opened,
  source: input.source,
  category: input.category,
  primary: input.primary ?? null,
  supervisory: input.supervisory ?? null,
  concluded: input.concluded ?? before?.concluded ?? null,
  dispositions: input.dispositions.map((d) => ({ person: d.person, form: d.form as CaseRecord['dispositions'][number]['form'], measure: d.measure, decided: d.decided })),
  accountability: input.accountability.map((d) => ({ target: d.target, responsibility: d.responsibility, measure: d.measure, decided: d.decided })),
});

/**
 * What the `cases:` section must hold beyond its shape: known units, codes given once, a case that
 * stays in its unit, nothing decided before the case was opened, and no listed case concluded by
 * the file (不销号: only the issuer's approval of the order's closure concludes it).
 */
export async function crossCheckCases(db: Kysely<Database> | Transaction<Database>, bundle: Bundle): Promise<ImportProblem[]> {
  if (bundle.cases.length === 0) return [];
  const problems: ImportProblem[] = [];
  const units = new Set([...(await db.selectFrom('units').select('code').execute()).map((unit) => unit.code), ...bundle.units.map((unit) => unit.value.code)]);
  const stored = new Map(
    (await db.selectFrom('cases').select(['code', 'unit_code']).where('code', 'in', bundle.cases.map((found) => found.value.code)).execute()).map((row) => [row.code, row.unit_code]),
  );
  const listed = await openOrdersOfCases(db, bundle.cases.map((found) => found.value.code));
  for (const { value: order } of bundle.supervision) {
    const code = [...bundle.cases.map((found) => found.value.code)].find((c) => c.toLowerCase() === order.subject.toLowerCase());
    if (code && !listed.has(code)) listed.set(code, order.code);
  }
  const seen = new Map<string, string>();
  for (const { value, at } of bundle.cases) {
    const other = seen.get(value.code);
    if (other) problems.push({ ...at(['code']), message: { key: 'import.duplicateCase', params: { code: value.code, other } } });
    else {
      const origin = at();
      seen.set(value.code, `${origin.file} ${origin.where}`);
    }
    if (!units.has(value.unit)) problems.push({ ...at(['unit']), message: { key: 'import.unknownUnit', params: { code: value.unit } } });
    const storedUnit = stored.get(value.code);
    if (storedUnit && storedUnit !== value.unit) problems.push({ ...at(['unit']), message: { key: 'import.caseElsewhere', params: { code: value.code, unit: storedUnit } } });
    const order = listed.get(value.code);
    if (value.concluded && order) problems.push({ ...at(['concluded']), message: { key: 'import.listedConcluded', params: { code: value.code, order } } });
    value.dispositions.forEach((d, i) => {
      if (d.decided < value.opened) problems.push({ ...at(['dispositions', i, 'decided']), message: { key: 'import.decidedBeforeOpened', params: { decided: d.decided, opened: value.opened } } });
    });
    value.accountability.forEach((d, i) => {
      if (d.decided < value.opened) problems.push({ ...at(['accountability', i, 'decided']), message: { key: 'import.decidedBeforeOpened', params: { decided: d.decided, opened: value.opened } } });
    });
  }
  return problems;
}

/** Adds the cases that the import creates or amends to the plan (reads only). */
export async function planCases(trx: Transaction<Database>, bundle: Bundle, plan: Plan): Promise<void> {
  if (bundle.cases.length === 0) return;
  const stored = new Map((await loadCases(trx, { codes: bundle.cases.map((found) => found.value.code) })).map((record) => [record.code, record]));
  for (const { value } of bundle.cases) {
    const before = stored.get(value.code);
    const changes = caseChanges(before, recordOf(value, before));
    if (Object.keys(changes).length === 0) {
      plan.unchanged.cases++;
      continue;
    }
    plan.changes.push({ entity: 'cases', ref: value.code, action: before ? 'updated' : 'created', fields: changes as Change['fields'] });
  }
}

/** Writes the planned cases, each with its ledger entry (`case_recorded` or `case_amended`). */
export async function applyCases(trx: Transaction<Database>, plan: Plan, at: Date, by: { actor: string; source: LedgerSource }): Promise<void> {
  const codes = plan.changes.filter((change) => change.entity === 'cases').map((change) => change.ref);
  if (codes.length === 0) return;
  const stored = new Map((await loadCases(trx, { codes })).map((record) => [record.code, record]));
  for (const change of plan.changes) {
    if (change.entity !== 'cases') continue;
    const before = stored.get(change.ref);
    const after = { ...(before ?? {}), code: change.ref } as Record<string, Value>;
    for (const [field, { to }] of Object.entries(change.fields)) after[field] = to;
    await writeCase(trx, after as unknown as CaseRecord, before, { ...by, at });
  }
}
