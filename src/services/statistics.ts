import { inspectionFacts } from './supervision-exports.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { computeStatistics, yearsOf, type StatisticsRow } from '../domain/statistics.js';
import { localDate } from '../domain/time.js';
import { loadCases } from './cases.js';

export { statisticsColumns, type StatisticsRow } from '../domain/statistics.js';

/** One row of the `cases` export (SPEC §3): one per disposition (a case without any gets one row with those columns empty). */
export interface CaseRow {
  case: string;
  unit: string;
  opened: string;
  source: string;
  category: string;
  person: string | null;
  form: number | null;
  measure: string | null;
  decided: string | null;
  primary_responsibility: string | null;
  supervisory_responsibility: string | null;
}

export const caseColumns = ['case', 'unit', 'opened', 'source', 'category', 'person', 'form', 'measure', 'decided', 'primary_responsibility', 'supervisory_responsibility'] as const;

export interface StatisticsDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/**
 * The `cases` export: every disposition of the cases of the given units (all without), in case
 * order. With a year, the dispositions decided that year (and cases opened that year that have none yet).
 */
export async function exportCases(deps: StatisticsDeps, filter: { units?: string[] | undefined; year?: number | undefined } = {}): Promise<CaseRow[]> {
  const cases = await loadCases(deps.db, filter.units ? { units: filter.units } : {});
  const inYear = (date: string) => filter.year === undefined || date.startsWith(`${filter.year}-`);
  return cases.flatMap((c): CaseRow[] => {
    const common = { case: c.code, unit: c.unit, opened: c.opened, source: c.source, category: c.category };
    const findings = { primary_responsibility: c.primary, supervisory_responsibility: c.supervisory };
    if (c.dispositions.length === 0) {
      return inYear(c.opened) ? [{ ...common, person: null, form: null, measure: null, decided: null, ...findings }] : [];
    }
    return c.dispositions.filter((d) => inYear(d.decided)).map((d) => ({ ...common, person: d.person, form: d.form, measure: d.measure, decided: d.decided, ...findings }));
  });
}

/**
 * The `statistics` export: for every unit of the subtree of `unit` (every unit without), parent
 * first, and each year (the one asked, else every year a row falls in), the figures of the unit's
 * whole subtree, computed from the recorded rows at request time.
 */
export async function exportStatistics(deps: StatisticsDeps, filter: { unit?: string | undefined; year?: number | undefined } = {}): Promise<StatisticsRow[]> {
  const units = await deps.db.selectFrom('units').select(['code', 'parent_code']).orderBy('code').execute();
  const cases = await loadCases(deps.db);
  const facts = cases.map((c) => ({
    unit: c.unit,
    opened: c.opened,
    primary: c.primary,
    supervisory: c.supervisory,
    dispositions: c.dispositions,
    decisions: c.accountability,
  }));
  const inspections = await inspectionFacts(deps.db);
  const today = localDate(deps.now, deps.timeZone);
  const years = filter.year !== undefined ? [filter.year] : yearsOf(facts, inspections);
  if (years.length === 0) years.push(Number(today.slice(0, 4)));
  const rows = computeStatistics({ units: treeOrder(units), cases: facts, inspections, years, today });
  if (!filter.unit) return rows;
  const wanted = subtreeCodes(units, filter.unit);
  return rows.filter((row) => wanted.has(row.unit));
}

/** Units parent first (depth-first, children by code), so an export reads as the tree. */
function treeOrder(units: { code: string; parent_code: string | null }[]) {
  const known = new Set(units.map((unit) => unit.code));
  const children = new Map<string | null, string[]>();
  for (const unit of units) {
    const parent = unit.parent_code && known.has(unit.parent_code) ? unit.parent_code : null;
    children.set(parent, [...(children.get(parent) ?? []), unit.code]);
  }
  const parentOf = new Map(units.map((unit) => [unit.code, unit.parent_code]));
  const ordered: { code: string; parent: string | null }[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const code = stack.pop() as string;
    ordered.push({ code, parent: parentOf.get(code) ?? null });
    stack.push(...[...(children.get(code) ?? [])].reverse());
  }
  return ordered;
}

function subtreeCodes(units: { code: string; parent_code: string | null }[], root: string): Set<string> {
  const wanted = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent_code && wanted.has(unit.parent_code) && !wanted.has(unit.code)) {
        wanted.add(unit.code);
        grew = true;
      }
    }
  }
  return wanted;
}
