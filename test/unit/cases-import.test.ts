import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { loadCases } from '../../src/services/cases.js';
import { importFiles, type ImportFile } from '../../src/services/importer.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const units = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }
`;
const oneCase = (fields = '', disposition = '{ person: P-0001, form: 2, measure: 警告, decided: 2026-04-10 }') => `${units}cases:
  - code: JS-NJ-2026-C001
    unit: JS-NJ
    opened: 2026-03-02
    source: petition
    category: 违反中央八项规定精神
    primary: not_fulfilled
    supervisory: fulfilled${fields}
    dispositions:
      - ${disposition}
    accountability:
      - { target: JS-NJ, responsibility: primary, measure: 通报, decided: 2026-05-01 }
`;
const yaml = (content: string, name = 'cases.yaml'): ImportFile => ({ name, content });

describe('cases import', () => {
  let testDb: TestDb;
  const now = new Date('2026-11-25T02:00:00Z');
  const run = (files: ImportFile[]) => importFiles({ db: testDb.db.kysely, now, timeZone: 'Asia/Shanghai' }, files);
  const problemsOf = async (files: ImportFile[]) => {
    const outcome = await run(files);
    if (outcome.ok) throw new Error('expected the import to be refused');
    return outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render('en', problem.message)}`);
  };
  const count = async (table: 'cases' | 'case_dispositions' | 'case_decisions' | 'ledger' | 'units') =>
    Number((await testDb.db.kysely.selectFrom(table).select(testDb.db.kysely.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const caseLedger = () =>
    testDb.db.kysely.selectFrom('ledger').select(['unit_code', 'kind', 'source', 'details']).where('kind', 'like', 'case_%').orderBy('id').execute();

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
  });

  it('records a case with its dispositions and decisions, and a ledger entry of its unit', async () => {
    const outcome = await run([yaml(oneCase())]);
    expect(outcome.ok && outcome.written).toBe(true);
    expect(await loadCases(testDb.db.kysely)).toEqual([
      {
        code: 'JS-NJ-2026-C001',
        unit: 'JS-NJ',
        opened: '2026-03-02',
        source: 'petition',
        category: '违反中央八项规定精神',
        primary: 'not_fulfilled',
        supervisory: 'fulfilled',
        concluded: null,
        dispositions: [{ person: 'P-0001', form: 2, measure: '警告', decided: '2026-04-10' }],
        accountability: [{ target: 'JS-NJ', responsibility: 'primary', measure: '通报', decided: '2026-05-01' }],
      },
    ]);
    expect(await caseLedger()).toMatchObject([{ unit_code: 'JS-NJ', kind: 'case_recorded', source: 'import', details: { case: 'JS-NJ-2026-C001' } }]);
  });

  it('is idempotent by code, and a changed case is an amendment on the ledger', async () => {
    await run([yaml(oneCase())]);
    const ledger = await count('ledger');
    const again = await run([yaml(oneCase())]);
    expect(again.ok && again.written).toBe(false);
    expect(again.ok && again.plan.unchanged.cases).toBe(1);
    expect(await count('ledger')).toBe(ledger);

    const amended = await run([yaml(oneCase('', '{ person: P-0001, form: 3, measure: 撤销党内职务, decided: 2026-04-10 }'))]);
    expect(amended.ok && amended.written).toBe(true);
    expect(amended.ok && amended.plan.changes.map((change) => [change.entity, change.action, Object.keys(change.fields)])).toEqual([['cases', 'updated', ['dispositions']]]);
    const entries = await caseLedger();
    expect(entries.map((entry) => entry.kind)).toEqual(['case_recorded', 'case_amended']);
    expect(entries[1]?.details).toMatchObject({
      case: 'JS-NJ-2026-C001',
      changes: { dispositions: { from: [{ form: 2, measure: '警告' }], to: [{ form: 3, measure: '撤销党内职务' }] } },
    });
    expect((await loadCases(testDb.db.kysely))[0]?.dispositions).toEqual([{ person: 'P-0001', form: 3, measure: '撤销党内职务', decided: '2026-04-10' }]);
  });

  it.each([
    ['a form outside 1–4', oneCase('', '{ person: P-0001, form: 5, measure: 警告, decided: 2026-04-10 }'), 'cases.yaml line 13, cases[0].dispositions[0].form: must be a form of accountability 1, 2, 3 or 4 (四种形态)'],
    ['form zero', oneCase('', '{ person: P-0001, form: 0, measure: 警告, decided: 2026-04-10 }'), 'form: must be a form of accountability'],
    ['a disposition decided before the case opened', oneCase('', '{ person: P-0001, form: 2, measure: 警告, decided: 2026-03-01 }'), 'cases[0].dispositions[0].decided: is decided on 2026-03-01, before the case was opened on 2026-03-02'],
    ['an unknown unit', oneCase().replace('unit: JS-NJ\n', 'unit: JS-XX\n'), 'cases[0].unit: unit JS-XX does not exist in the file or the database'],
    ['a bad source', oneCase().replace('source: petition', 'source: rumour'), 'cases[0].source: must be petition, lead, inspection'],
    ['a bad primary finding', oneCase().replace('primary: not_fulfilled', 'primary: maybe'), 'cases[0].primary: must be fulfilled, partial, not_fulfilled or not_applicable'],
    ['a bad supervisory finding', oneCase().replace('supervisory: fulfilled', 'supervisory: yes'), 'cases[0].supervisory: must be fulfilled'],
    ['a bad responsibility in a decision', oneCase().replace('responsibility: primary', 'responsibility: both'), 'cases[0].accountability[0].responsibility: must be "primary"'],
  ])('refuses %s, naming the place, and writes nothing', async (_name, content, expected) => {
    const problems = await problemsOf([yaml(content)]);
    expect(problems.join('\n')).toContain(expected);
    expect(await count('cases')).toBe(0);
    expect(await count('units')).toBe(0);
    expect(await count('ledger')).toBe(0);
  });

  it('refuses to move a stored case to another unit', async () => {
    await run([yaml(oneCase())]);
    const problems = await problemsOf([yaml(oneCase().replace('unit: JS-NJ\n', 'unit: JS\n'))]);
    expect(problems.join('\n')).toContain('case JS-NJ-2026-C001 already belongs to unit JS-NJ');
  });

  it('concludes an unlisted case, amended on the ledger; a later file that leaves the date out keeps it', async () => {
    await run([yaml(oneCase())]);
    const concluded = await run([yaml(oneCase('\n    concluded: 2026-11-20'))]);
    expect(concluded.ok && concluded.written).toBe(true);
    expect((await loadCases(testDb.db.kysely))[0]?.concluded).toBe('2026-11-20');
    expect((await caseLedger()).at(-1)).toMatchObject({ kind: 'case_amended', details: { case: 'JS-NJ-2026-C001', changes: { concluded: { from: null, to: '2026-11-20' } } } });
    const again = await run([yaml(oneCase())]);
    expect(again.ok && again.written).toBe(false);
    expect((await loadCases(testDb.db.kysely))[0]?.concluded).toBe('2026-11-20');
  });

  it('refuses to conclude a case that the same file lists for supervision (不销号)', async () => {
    const listing = `supervision:\n  - { code: JS-2026-GP09, subject: JS-NJ-2026-C001, by: U01SUP, reason: typical, due: 2026-12-31, cadence: weekly }\n`;
    expect(await problemsOf([yaml(`${oneCase('\n    concluded: 2026-11-20')}${listing}`)])).toEqual([
      'cases.yaml line 12, cases[0].concluded: case JS-NJ-2026-C001 is listed for supervision by order JS-2026-GP09 and is not struck off (不销号): it cannot be concluded until the issuer approves the closure of the order',
      // …and, from the other side, a concluded case is not listed.
      'cases.yaml line 18, supervision[0].subject: case JS-NJ-2026-C001 is already concluded and cannot be listed for supervision',
    ]);
    expect(await count('cases')).toBe(0);
    // A concluded case cannot be listed.
    await run([yaml(oneCase('\n    concluded: 2026-11-20'))]);
    expect(await problemsOf([yaml(`${oneCase()}${listing}`)])).toEqual(['cases.yaml line 17, supervision[0].subject: case JS-NJ-2026-C001 is already concluded and cannot be listed for supervision']);
  });

  it('refuses to list a case whose code is also an item’s, and an issuer who heads the case’s unit', async () => {
    const item = `lists:\n  - unit: JS-NJ\n    year: 2026\n    items:\n      - { code: JS-NJ-2026-C001, title: 事项, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: weekly }\n`;
    const listing = (by: string) => `supervision:\n  - { code: JS-2026-GP09, subject: JS-NJ-2026-C001, by: ${by}, reason: typical, due: 2026-12-31, cadence: weekly }\n`;
    expect(await problemsOf([yaml(`${oneCase()}${listing('U02HEAD')}`)])).toEqual([
      'cases.yaml line 17, supervision[0].by: the issuer U02HEAD reports on JS-NJ-2026-C001 (an owner, or the head of its unit) and could never decide the closure of its order (four eyes): choose another issuer',
    ]);
    await run([yaml(`${oneCase()}${item}`)]);
    const written = await count('ledger');
    expect(await problemsOf([yaml(`${oneCase()}${item}${listing('U01SUP')}`)])).toEqual([
      'cases.yaml line 22, supervision[0].subject: JS-NJ-2026-C001 is both a case and an item: give the case or the item another code before listing it',
    ]);
    expect(await count('ledger')).toBe(written);
    // A case whose unit has no head: nobody would report on it.
    const headless = oneCase().replace('  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }\n', '  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }\n  - { code: JS-XZ, name: 徐州市纪委, parent: JS, supervisor: U01SUP }\n').replace('unit: JS-NJ\n    opened', 'unit: JS-XZ\n    opened').replace('code: JS-NJ-2026-C001', 'code: JS-XZ-2026-C001');
    expect(await problemsOf([yaml(`${headless}${listing('U01SUP').replace('JS-NJ-2026-C001', 'JS-XZ-2026-C001')}`)])).toEqual([
      'cases.yaml line 18, supervision[0].subject: case JS-XZ-2026-C001 cannot be listed for supervision: its unit JS-XZ has no head to report on it',
    ]);
  });

  describe('CSV, one row per disposition', () => {
    const header = 'case,unit,opened,source,category,primary,supervisory,person,form,measure,decided,accountability_target,accountability_responsibility,accountability_measure,accountability_decided';
    const csv = (rows: string[]): ImportFile => ({ name: 'cases.csv', content: [header, ...rows].join('\n') });

    it('reads a case from its rows, the case columns repeated or left empty', async () => {
      await run([yaml(units, 'units.yaml')]);
      const outcome = await run([
        csv([
          'C-1,JS-NJ,2026-03-02,信访,违反中央八项规定精神,未履行,履行,P-1,1,谈话提醒,2026-04-01,JS-NJ,主体责任,通报,2026-05-01',
          'C-1,,,,,,,P-2,2,警告,2026-04-02,,,,',
          'C-2,JS,2026-06-01,lead,其他,,,P-1,4,立案审查,2026-07-01,,,,',
        ]),
      ]);
      expect(outcome.ok && outcome.written).toBe(true);
      // The concluded date (结案日期) is a column of the case too.
      const concluded = await run([{ name: 'concluded.csv', content: 'case,unit,opened,source,category,结案日期,person,form,measure,decided\nC-3,JS,2026-06-01,lead,其他,2026-09-30,P-3,1,谈话提醒,2026-07-01' }]);
      expect(concluded.ok && concluded.written).toBe(true);
      expect((await loadCases(testDb.db.kysely, { codes: ['C-3'] }))[0]?.concluded).toBe('2026-09-30');
      const cases = await loadCases(testDb.db.kysely, { codes: ['C-1', 'C-2'] });
      expect(cases.map((c) => [c.code, c.unit, c.source, c.primary, c.supervisory, c.dispositions.map((d) => `${d.person}:${d.form}`), c.accountability.length])).toEqual([
        ['C-2', 'JS', 'lead', null, null, ['P-1:4'], 0],
        ['C-1', 'JS-NJ', 'petition', 'not_fulfilled', 'fulfilled', ['P-1:1', 'P-2:2'], 1],
      ]);
    });

    it('names the row and column of a bad form, and of rows that disagree; nothing written', async () => {
      await run([yaml(units, 'units.yaml')]);
      const before = await count('ledger');
      const problems = await problemsOf([
        csv([
          'C-1,JS-NJ,2026-03-02,petition,其他,,,P-1,1,谈话提醒,2026-04-01,,,,',
          'C-1,JS-NJ,2026-03-02,petition,其他,,,P-2,5,警告,2026-04-02,,,,',
          'C-1,JS,,,,,,P-3,2,警告,2026-04-02,,,,',
        ]),
      ]);
      expect(problems).toEqual(
        expect.arrayContaining([
          'cases.csv row 3, column form: must be a form of accountability 1, 2, 3 or 4 (四种形态)',
          'cases.csv row 4, column unit: gives case C-1 another unit than an earlier row of the same case',
        ]),
      );
      expect(await count('cases')).toBe(0);
      expect(await count('ledger')).toBe(before);
    });
  });
});
