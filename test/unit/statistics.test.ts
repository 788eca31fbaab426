import { describe, expect, it } from 'vitest';
import { computeStatistics, shares, yearsOf, type StatisticsCase, type StatisticsRow } from '../../src/domain/statistics.js';

const units = [
  { code: 'JS', parent: null },
  { code: 'JS-NJ', parent: 'JS' },
  { code: 'JS-NJ-XW', parent: 'JS-NJ' },
  { code: 'JS-SZ', parent: 'JS' },
];

const aCase = (unit: string, opened: string, more: Partial<StatisticsCase> = {}): StatisticsCase => ({
  unit,
  opened,
  primary: 'fulfilled',
  supervisory: 'fulfilled',
  dispositions: [],
  decisions: [],
  ...more,
});

const rowOf = (rows: StatisticsRow[], unit: string, year: number) => rows.find((row) => row.unit === unit && row.year === year) as StatisticsRow;

describe('shares', () => {
  it.each([
    ['nothing', [0, 0, 0, 0], [0, 0, 0, 0]],
    ['one form only', [0, 5, 0, 0], [0, 100, 0, 0]],
    ['thirds: the lost tenth goes to the first largest remainder', [1, 1, 1, 0], [33.4, 33.3, 33.3, 0]],
    ['one decimal', [1, 2, 3, 2], [12.5, 25, 37.5, 25]],
    ['sevenths', [1, 1, 1, 4], [14.3, 14.3, 14.3, 57.1]],
    ['a large and a small form', [998, 1, 1, 0], [99.8, 0.1, 0.1, 0]],
  ] as const)('%s', (_name, parts, expected) => {
    const got = shares(parts);
    expect(got).toEqual(expected);
    if (parts.some((part) => part > 0)) expect(Math.round(got.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
  });
});

describe('four-forms statistics', () => {
  const cases: StatisticsCase[] = [
    // A person with two dispositions in one case: two person-times, one person.
    aCase('JS-NJ', '2026-03-02', {
      primary: 'not_fulfilled',
      dispositions: [
        { person: 'P-1', form: 1, decided: '2026-04-10' },
        { person: 'P-1', form: 2, decided: '2026-04-20' },
      ],
      decisions: [{ decided: '2026-05-01' }],
    }),
    // The same person again in another unit's case: counted once in the parent's headcount.
    aCase('JS-NJ-XW', '2026-06-01', {
      supervisory: 'not_fulfilled',
      dispositions: [
        { person: 'P-1', form: 2, decided: '2026-07-01' },
        { person: 'P-2', form: 3, decided: '2026-07-01' },
      ],
    }),
    // Opened in December, one disposition that year and one in the next.
    aCase('JS-SZ', '2026-12-20', {
      primary: 'not_applicable',
      dispositions: [
        { person: 'P-3', form: 4, decided: '2026-12-30' },
        { person: 'P-4', form: 1, decided: '2027-01-05' },
      ],
      decisions: [{ decided: '2027-01-10' }],
    }),
    // Findings not yet known: not a dual investigation.
    aCase('JS', '2026-02-01', { primary: null, supervisory: null }),
  ];
  const rows = computeStatistics({ units, cases, inspections: [], years: [2026, 2027], today: '2026-12-31' });

  it.each([
    // unit, year, cases, person_times, people, forms, shares, dual, primary_nf, supervisory_nf, decisions
    ['a unit with no children', 'JS-NJ-XW', 2026, 1, 2, 2, [0, 1, 1, 0], [0, 50, 50, 0], 1, 0, 1, 0],
    ['a unit is its own plus its children', 'JS-NJ', 2026, 2, 4, 2, [1, 2, 1, 0], [25, 50, 25, 0], 2, 1, 1, 1],
    ['the root sums the whole tree, headcount apart', 'JS', 2026, 4, 5, 3, [1, 2, 1, 1], [20, 40, 20, 20], 2, 1, 1, 1],
    ['a case opened in December counts there', 'JS-SZ', 2026, 1, 1, 1, [0, 0, 0, 1], [0, 0, 0, 100], 0, 0, 0, 0],
    ['its January disposition counts in the next year', 'JS-SZ', 2027, 0, 1, 1, [1, 0, 0, 0], [100, 0, 0, 0], 0, 0, 0, 1],
    ['the root in the next year', 'JS', 2027, 0, 1, 1, [1, 0, 0, 0], [100, 0, 0, 0], 0, 0, 0, 1],
    ['a unit with nothing in a year', 'JS-NJ', 2027, 0, 0, 0, [0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0],
  ] as const)('%s (%s %s)', (_name, unit, year, caseCount, personTimes, people, forms, formShares, dual, primaryNf, supervisoryNf, decisions) => {
    const row = rowOf(rows, unit, year);
    expect(row).toMatchObject({
      cases: caseCount,
      person_times: personTimes,
      people,
      form1: forms[0],
      form2: forms[1],
      form3: forms[2],
      form4: forms[3],
      form1_share: formShares[0],
      form2_share: formShares[1],
      form3_share: formShares[2],
      form4_share: formShares[3],
      dual_investigations: dual,
      primary_not_fulfilled: primaryNf,
      supervisory_not_fulfilled: supervisoryNf,
      accountability_decisions: decisions,
    });
  });

  it('gives one row per unit and year, in the units\' order, years ascending', () => {
    expect(rows.map((row) => `${row.unit}/${row.year}`)).toEqual([
      'JS/2026', 'JS/2027', 'JS-NJ/2026', 'JS-NJ/2027', 'JS-NJ-XW/2026', 'JS-NJ-XW/2027', 'JS-SZ/2026', 'JS-SZ/2027',
    ]);
  });

  it('a parent\'s counts equal its own plus its children\'s (headcount excepted)', () => {
    for (const year of [2026, 2027]) {
      const root = rowOf(rows, 'JS', year);
      const ownOnly = computeStatistics({ units: [{ code: 'JS', parent: null }], cases: cases.filter((c) => c.unit === 'JS'), inspections: [], years: [year], today: '2026-12-31' })[0] as StatisticsRow;
      for (const field of ['cases', 'person_times', 'form1', 'form2', 'form3', 'form4', 'accountability_decisions'] as const) {
        expect(root[field]).toBe(ownOnly[field] + rowOf(rows, 'JS-NJ', year)[field] + rowOf(rows, 'JS-SZ', year)[field]);
      }
    }
  });

  it('counts inspections and their findings in the year the inspection began', () => {
    const [row] = computeStatistics({
      units: [{ code: 'JS', parent: null }, { code: 'JS-NJ', parent: 'JS' }],
      cases: [],
      inspections: [{ unit: 'JS-NJ', from: '2026-06-01', findings: [{ due: '2026-07-15', closed: true }, { due: '2026-07-15', closed: false }, { due: '2027-01-31', closed: false }] }],
      years: [2026],
      today: '2026-12-02',
    });
    expect(row).toMatchObject({ unit: 'JS', inspections: 1, findings: 3, findings_closed: 1, findings_overdue: 1 });
  });

  it('the years covered are those any row falls in', () => {
    expect(yearsOf(cases, [{ unit: 'JS', from: '2025-11-01', findings: [] }])).toEqual([2025, 2026, 2027]);
  });
});
