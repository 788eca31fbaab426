import type { Fulfilment, Form } from './cases.js';

/**
 * The four-forms statistics (统计报送, 数字准), computed from the recorded rows and never typed in.
 *
 * Which year a row counts in: a case in the year it was opened; a disposition and an accountability
 * decision in the year they were decided (a case opened in December and decided in January counts
 * its case in one year and its person-times in the next); an inspection in the year it began; a
 * finding in the year of its inspection.
 */

export interface StatisticsCase {
  unit: string;
  /** YYYY-MM-DD */
  opened: string;
  primary: Fulfilment | null;
  supervisory: Fulfilment | null;
  dispositions: { person: string; form: Form; decided: string }[];
  decisions: { decided: string }[];
}

export interface StatisticsInspection {
  unit: string;
  /** The first day of the inspection, YYYY-MM-DD. */
  from: string;
  findings: { due: string; closed: boolean }[];
}

export interface StatisticsUnit {
  code: string;
  parent: string | null;
}

/** One row of the `statistics` export (SPEC §3): a unit's whole subtree in one year. */
export interface StatisticsRow {
  unit: string;
  year: number;
  cases: number;
  person_times: number;
  people: number;
  form1: number;
  form2: number;
  form3: number;
  form4: number;
  form1_share: number;
  form2_share: number;
  form3_share: number;
  form4_share: number;
  dual_investigations: number;
  primary_not_fulfilled: number;
  supervisory_not_fulfilled: number;
  accountability_decisions: number;
  inspections: number;
  findings: number;
  findings_closed: number;
  findings_overdue: number;
}

export const statisticsColumns = [
  'unit', 'year', 'cases', 'person_times', 'people', 'form1', 'form2', 'form3', 'form4',
  'form1_share', 'form2_share', 'form3_share', 'form4_share', 'dual_investigations',
  'primary_not_fulfilled', 'supervisory_not_fulfilled', 'accountability_decisions',
  'inspections', 'findings', 'findings_closed', 'findings_overdue',
] as const satisfies readonly (keyof StatisticsRow)[];

type Counts = Omit<StatisticsRow, 'unit' | 'year' | 'people' | `form${Form}_share`>;
const COUNTED = [
  'cases', 'person_times', 'form1', 'form2', 'form3', 'form4', 'dual_investigations', 'primary_not_fulfilled',
  'supervisory_not_fulfilled', 'accountability_decisions', 'inspections', 'findings', 'findings_closed', 'findings_overdue',
] as const satisfies readonly (keyof Counts)[];

const yearOf = (date: string) => Number(date.slice(0, 4));
const zero = (): Counts => Object.fromEntries(COUNTED.map((key) => [key, 0])) as unknown as Counts;

/**
 * Shares of a whole in percent with one decimal that add up to exactly 100.0 (largest remainder:
 * the tenths lost to rounding down go to the parts that lost most). All zero when the whole is 0.
 *
 * @example
 * shares([1, 1, 1, 0]) // [33.4, 33.3, 33.3, 0]
 */
export function shares(parts: readonly number[]): number[] {
  const whole = parts.reduce((sum, part) => sum + part, 0);
  if (whole === 0) return parts.map(() => 0);
  const exact = parts.map((part) => (part * 1000) / whole);
  const tenths = exact.map(Math.floor);
  let left = 1000 - tenths.reduce((sum, part) => sum + part, 0);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    tenths[i] = (tenths[i] as number) + 1;
  }
  return tenths.map((part) => part / 10);
}

/** "Does this case count as one case, two investigations": both responsibilities were examined. */
const isDual = (c: StatisticsCase) => c.primary !== null && c.supervisory !== null && c.primary !== 'not_applicable' && c.supervisory !== 'not_applicable';

/**
 * The statistics of every unit (its own rows plus those of every unit under it) for each year
 * asked, in the order the units are given. People are counted once per unit and year however
 * many dispositions they have (person-times count each one), by the office's reference.
 * A finding is overdue when it is not closed and its deadline is before `today`.
 *
 * @example
 * computeStatistics({ units: [{ code: 'JS', parent: null }], cases, inspections: [], years: [2026], today: '2026-12-02' })
 */
export function computeStatistics(input: {
  units: readonly StatisticsUnit[];
  cases: readonly StatisticsCase[];
  inspections: readonly StatisticsInspection[];
  years: readonly number[];
  today: string;
}): StatisticsRow[] {
  const years = new Set(input.years);
  const counts = new Map<string, Counts>();
  const people = new Map<string, Set<string>>();
  const key = (unit: string, year: number) => `${unit}\u0000${year}`;
  const own = (unit: string, year: number) => {
    const k = key(unit, year);
    let found = counts.get(k);
    if (!found) counts.set(k, (found = zero()));
    return found;
  };
  const add = (unit: string, date: string, field: keyof Counts, by = 1) => {
    const year = yearOf(date);
    if (years.has(year)) own(unit, year)[field] += by;
  };

  for (const c of input.cases) {
    add(c.unit, c.opened, 'cases');
    if (isDual(c)) add(c.unit, c.opened, 'dual_investigations');
    if (c.primary === 'not_fulfilled') add(c.unit, c.opened, 'primary_not_fulfilled');
    if (c.supervisory === 'not_fulfilled') add(c.unit, c.opened, 'supervisory_not_fulfilled');
    for (const d of c.dispositions) {
      add(c.unit, d.decided, 'person_times');
      add(c.unit, d.decided, `form${d.form}`);
      const year = yearOf(d.decided);
      if (!years.has(year)) continue;
      const k = key(c.unit, year);
      people.set(k, (people.get(k) ?? new Set()).add(d.person));
    }
    for (const decision of c.decisions) add(c.unit, decision.decided, 'accountability_decisions');
  }
  for (const inspection of input.inspections) {
    add(inspection.unit, inspection.from, 'inspections');
    for (const finding of inspection.findings) {
      add(inspection.unit, inspection.from, 'findings');
      if (finding.closed) add(inspection.unit, inspection.from, 'findings_closed');
      else if (finding.due < input.today) add(inspection.unit, inspection.from, 'findings_overdue');
    }
  }

  // Children before parents: each unit's totals are folded into its parent once complete.
  const known = new Set(input.units.map((unit) => unit.code));
  const children = new Map<string, string[]>();
  for (const unit of input.units) {
    if (unit.parent && known.has(unit.parent)) children.set(unit.parent, [...(children.get(unit.parent) ?? []), unit.code]);
  }
  const postOrder: string[] = [];
  const visited = new Set<string>();
  for (const root of input.units.filter((unit) => !unit.parent || !known.has(unit.parent))) {
    const stack: { code: string; expanded: boolean }[] = [{ code: root.code, expanded: false }];
    while (stack.length) {
      const top = stack.pop() as { code: string; expanded: boolean };
      if (top.expanded) {
        postOrder.push(top.code);
        continue;
      }
      if (visited.has(top.code)) continue;
      visited.add(top.code);
      stack.push({ code: top.code, expanded: true });
      for (const child of children.get(top.code) ?? []) stack.push({ code: child, expanded: false });
    }
  }
  const parentOf = new Map(input.units.map((unit) => [unit.code, unit.parent]));
  const totals = new Map<string, { counts: Counts; people: Set<string> }>();
  for (const code of postOrder) {
    for (const year of years) {
      const k = key(code, year);
      const mine = totals.get(k) ?? { counts: zero(), people: new Set<string>() };
      const ownCounts = counts.get(k);
      if (ownCounts) for (const field of COUNTED) mine.counts[field] += ownCounts[field];
      for (const person of people.get(k) ?? []) mine.people.add(person);
      totals.set(k, mine);
      const parent = parentOf.get(code);
      if (parent && known.has(parent)) {
        const pk = key(parent, year);
        const theirs = totals.get(pk) ?? { counts: zero(), people: new Set<string>() };
        for (const field of COUNTED) theirs.counts[field] += mine.counts[field];
        for (const person of mine.people) theirs.people.add(person);
        totals.set(pk, theirs);
      }
    }
  }

  const sortedYears = [...years].sort((a, b) => a - b);
  return input.units.flatMap((unit) =>
    sortedYears.map((year) => {
      const { counts: c, people: p } = totals.get(key(unit.code, year)) ?? { counts: zero(), people: new Set<string>() };
      const [form1_share, form2_share, form3_share, form4_share] = shares([c.form1, c.form2, c.form3, c.form4]) as [number, number, number, number];
      return {
        unit: unit.code,
        year,
        cases: c.cases,
        person_times: c.person_times,
        people: p.size,
        form1: c.form1,
        form2: c.form2,
        form3: c.form3,
        form4: c.form4,
        form1_share,
        form2_share,
        form3_share,
        form4_share,
        dual_investigations: c.dual_investigations,
        primary_not_fulfilled: c.primary_not_fulfilled,
        supervisory_not_fulfilled: c.supervisory_not_fulfilled,
        accountability_decisions: c.accountability_decisions,
        inspections: c.inspections,
        findings: c.findings,
        findings_closed: c.findings_closed,
        findings_overdue: c.findings_overdue,
      };
    }),
  );
}

/** The years any row falls in, sorted: the years a statistics export covers when none is asked for. */
export function yearsOf(cases: readonly StatisticsCase[], inspections: readonly StatisticsInspection[]): number[] {
  const years = new Set<number>();
  for (const c of cases) {
    years.add(yearOf(c.opened));
    for (const d of c.dispositions) years.add(yearOf(d.decided));
    for (const d of c.decisions) years.add(yearOf(d.decided));
  }
  for (const inspection of inspections) years.add(yearOf(inspection.from));
  return [...years].sort((a, b) => a - b);
}
