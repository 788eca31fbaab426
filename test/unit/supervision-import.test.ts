import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { importFiles, type ImportFile } from '../../src/services/importer.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const example = (name: string) => ({ name: `examples/${name}`, content: readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8') });

describe('import of inspections, findings and listed supervision', () => {
  let testDb: TestDb;
  const now = new Date('2026-06-15T02:00:00Z');
  const db = () => testDb.db.kysely;
  const run = (files: ImportFile[], options: { dryRun?: boolean } = {}) => importFiles({ db: db(), now, timeZone: 'Asia/Shanghai' }, files, options);
  const problemsOf = async (files: ImportFile[]) => {
    const outcome = await run(files);
    if (outcome.ok) throw new Error('expected the import to be refused');
    return outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render('en', problem.message)}`);
  };
  const count = async (table: 'inspections' | 'findings' | 'supervision_orders' | 'items' | 'ledger' | 'lists') => Number((await db().selectFrom(table).select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const organisation = example('jiangsu-2016.yaml');
  const supervision = example('supervision.yaml');

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
  });

  it('imports the example: findings become items of the inspected unit’s rectification list; a second import changes nothing', async () => {
    const dry = await run([organisation, supervision], { dryRun: true });
    expect(dry.ok && dry.plan.changes.filter((change) => ['inspections', 'findings', 'supervision'].includes(change.entity)).map((change) => `${change.action} ${change.entity} ${change.ref}`)).toEqual([
      'created inspections JS-NJ-2026-I1',
      'created findings NJ-2026-F01',
      'created findings NJ-2026-F02',
      'created supervision JS-2026-GP01',
      'created supervision JS-2026-GP02',
    ]);
    expect(await count('inspections')).toBe(0);

    const first = await run([organisation, supervision]);
    expect(first.ok && first.written).toBe(true);
    const finding = await db()
      .selectFrom('items')
      .innerJoin('lists', 'lists.id', 'items.list_id')
      .innerJoin('findings', 'findings.item_code', 'items.code')
      .select(['items.code', 'items.target', 'items.due', 'lists.unit_code', 'lists.year', 'lists.kind', 'findings.severity', 'findings.concerns_item', 'findings.inspection_code'])
      .where('items.code', '=', 'NJ-2026-F01')
      .executeTakeFirstOrThrow();
    expect(finding).toEqual({ code: 'NJ-2026-F01', target: '补齐上半年台账', due: '2026-07-15', unit_code: 'JS-NJ', year: 2026, kind: 'rectification', severity: 'major', concerns_item: 'NJ-2016-01', inspection_code: 'JS-NJ-2026-I1' });
    expect(await db().selectFrom('item_owners').select('user_id').where('item_code', '=', 'NJ-2026-F01').execute()).toEqual([{ user_id: 'U03OWN' }]);
    expect(await db().selectFrom('supervision_orders').selectAll().where('code', '=', 'JS-2026-GP01').executeTakeFirstOrThrow()).toMatchObject({ code: 'JS-2026-GP01', subject_code: 'NJ-2026-F01', unit_code: 'JS-NJ', issuer: 'U01SUP', reason: 'long_unresolved', state: 'open', cadence: 'biweekly' });
    const listed = await db().selectFrom('ledger').select(['kind', 'item_code', 'details']).where('kind', '=', 'listed').orderBy('id').execute();
    expect(listed).toMatchObject([
      { item_code: 'NJ-2026-F01', details: { order: 'JS-2026-GP01' } },
      { item_code: 'JS-NJ-2026-C001', details: { order: 'JS-2026-GP02', case: 'JS-NJ-2026-C001' } },
    ]);
    // The listed case is tracked by an item of its unit's case list, owned by the unit's head.
    expect(
      await db().selectFrom('items').innerJoin('lists', 'lists.id', 'items.list_id').select(['items.code', 'items.title', 'items.due', 'items.cadence', 'lists.unit_code', 'lists.kind']).where('items.code', '=', 'JS-NJ-2026-C001').executeTakeFirstOrThrow(),
    ).toEqual({ code: 'JS-NJ-2026-C001', title: '违反中央八项规定精神', due: '2026-10-31', cadence: 'monthly', unit_code: 'JS-NJ', kind: 'case' });
    expect(await db().selectFrom('item_owners').select('user_id').where('item_code', '=', 'JS-NJ-2026-C001').execute()).toEqual([{ user_id: 'U02HEAD' }]);

    const ledger = await count('ledger');
    const again = await run([organisation, supervision]);
    expect(again).toMatchObject({ ok: true, written: false, plan: { changes: [], unchanged: { inspections: 1, findings: 2, supervision: 2, cases: 1 } } });
    expect(await count('ledger')).toBe(ledger);
    // Codes in another case are the same codes.
    const lower = await run([organisation, { name: 'lower.yaml', content: supervision.content.replace('code: NJ-2026-F02', 'code: nj-2026-f02') }]);
    expect(lower.ok && lower.plan.changes).toEqual([]);
  });

  it('refuses, naming file and path, what does not fit, and writes nothing', async () => {
    await run([organisation]);
    const bad = `inspections:
  - code: I-1
    kind: audit
    unit: JS-XX
    by: JS
    from: 2026-06-12
    to: 2026-06-01
    items: [NOPE-1]
    findings:
      - { code: NJ-2016-01, title: t, severity: huge, owners: [U03OWN], requirement: r, due: 2026-07-01 }
      - { code: F-2, title: t, owners: [], requirement: r, due: 2026-07-01, severity: minor, item: NOPE-2 }
supervision:
  - { code: GP-1, subject: NOPE-3, by: U01SUP, reason: typical, due: 2026-08-31, cadence: weekly }
`;
    expect(await problemsOf([{ name: 'bad.yaml', content: bad }])).toEqual([
      'bad.yaml line 3, inspections[0].kind: must be inspection, patrol or assessment (专项督查, 专项巡查, 检查考核)',
      'bad.yaml line 10, inspections[0].findings[0].severity: must be minor, major or serious (一般, 较重, 严重)',
      'bad.yaml line 11, inspections[0].findings[1].owners: needs at least 1',
    ]);
    const crossed = bad.replace('kind: audit', 'kind: patrol').replace('severity: huge', 'severity: major').replace('owners: []', 'owners: [U04OWN]');
    expect(await problemsOf([{ name: 'bad.yaml', content: crossed }])).toEqual([
      'bad.yaml line 4, inspections[0].unit: unit JS-XX does not exist in the file or the database',
      'bad.yaml line 7, inspections[0].to: "to" is before "from"',
      'bad.yaml line 8, inspections[0].items[0]: item NOPE-1 does not exist in the file or the database',
      'bad.yaml line 10, inspections[0].findings[0].code: NJ-2016-01 is already an item of a list; a finding needs a code of its own',
      'bad.yaml line 11, inspections[0].findings[1].item: item NOPE-2 does not exist in the file or the database',
      'bad.yaml line 13, supervision[0].subject: NOPE-3 is neither an item, a finding nor a case in the file or the database',
    ]);
    expect(await count('inspections')).toBe(0);
    expect(await count('items')).toBe(3);
  });

  it('reads a CSV of findings (one row per finding) and one of orders, told apart by their headers', async () => {
    await run([organisation]);
    const findings = `inspection,kind,unit,by,from,to,code,title,severity,item,owners,requirement,due,cadence
JS-NJ-2026-I1,专项督查,JS-NJ,JS,2026-06-01,2026-06-12,NJ-2026-F01,台账记录不完整,较重,NJ-2016-01,U03OWN,补齐上半年台账,2026-07-15,每周
JS-NJ-2026-I1,专项督查,JS-NJ,JS,2026-06-01,2026-06-12,NJ-2026-F02,谈话提醒未留痕,一般,,U04OWN;U05OWN,建立谈话提醒记录制度,2026-08-31,
`;
    const orders = `code,subject,by,reason,due,cadence
JS-2026-GP01,NJ-2026-F01,U01SUP,久拖不决,2026-08-31,biweekly
`;
    const outcome = await run([{ name: 'findings.csv', content: findings }, { name: 'orders.csv', content: orders }]);
    expect(outcome.ok && outcome.plan.changes.map((change) => `${change.action} ${change.entity} ${change.ref}`)).toEqual([
      'created inspections JS-NJ-2026-I1',
      'created findings NJ-2026-F01',
      'created findings NJ-2026-F02',
      'created supervision JS-2026-GP01',
    ]);
    expect(await db().selectFrom('item_owners').select('user_id').where('item_code', '=', 'NJ-2026-F02').orderBy('position').execute()).toEqual([{ user_id: 'U04OWN' }, { user_id: 'U05OWN' }]);
    const bad = findings.replace('较重', '很重');
    await testDb.reset();
    await run([organisation]);
    expect(await problemsOf([{ name: 'findings.csv', content: bad }])).toEqual(['findings.csv row 2, column severity: must be minor, major or serious (一般, 较重, 严重)']);
  });

  it('refuses to close a listed finding by import (不销号), and closes an unlisted one', async () => {
    await run([organisation, supervision]);
    const closing = supervision.content.replace('        cadence: weekly       # optional, default weekly', '        cadence: weekly\n        closed: 2026-07-10');
    expect(await problemsOf([organisation, { name: 'closing.yaml', content: closing }])).toEqual([
      "closing.yaml line 20, inspections[0].findings[0].closed: NJ-2026-F01 is listed for supervision by order JS-2026-GP01 and is not struck off (不销号) by an import: only the issuer's approval of the order closes it",
    ]);
    expect((await db().selectFrom('items').select('closed_at').where('code', '=', 'NJ-2026-F01').executeTakeFirstOrThrow()).closed_at).toBeNull();
    const unlisted = supervision.content.replace('        due: 2026-08-31\nsupervision', '        due: 2026-08-31\n        closed: 2026-07-10\nsupervision');
    const outcome = await run([organisation, { name: 'unlisted.yaml', content: unlisted }]);
    expect(outcome.ok && outcome.written).toBe(true);
    expect((await db().selectFrom('items').select('closed_at').where('code', '=', 'NJ-2026-F02').executeTakeFirstOrThrow()).closed_at).not.toBeNull();
    // Not even a direct write closes a listed subject.
    await expect(db().updateTable('items').set({ closed_at: now }).where('code', '=', 'NJ-2026-F01').execute()).rejects.toThrow(/listed for supervision by order JS-2026-GP01/);
  });
});
