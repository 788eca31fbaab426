import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { importFiles, type ImportFile } from '../../src/services/importer.js';
import { slackDirectory } from '../../src/slack/directory.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const example = (name: string): ImportFile => ({ name: `examples/${name}`, content: readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8') });
const yaml = (content: string, name = 'org.yaml'): ImportFile => ({ name, content });
const csv = (content: string, name = 'items.csv'): ImportFile => ({ name, content });

const units = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }
`;
const item = (fields: string) => `${units}lists:
  - unit: JS-NJ
    year: 2016
    items:
      - { code: NJ-01, title: 细化责任清单, responsibility: primary, owners: [U03OWN], due: 2016-02-29, cadence: weekly${fields} }
`;

describe('import', () => {
  let testDb: TestDb;
  const now = new Date('2026-11-25T02:00:00Z');
  const run = (files: ImportFile[], options: { dryRun?: boolean; directory?: Parameters<typeof importFiles>[0]['directory'] } = {}) =>
    importFiles({ db: testDb.db.kysely, now, timeZone: 'Asia/Shanghai', directory: options.directory }, files, options);
  const counts = async () => {
    const db = testDb.db.kysely;
    const count = async (table: 'units' | 'lists' | 'items' | 'ledger' | 'item_owners' | 'milestones' | 'policies' | 'calendar_days' | 'people') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      units: await count('units'),
      lists: await count('lists'),
      items: await count('items'),
      owners: await count('item_owners'),
      milestones: await count('milestones'),
      policies: await count('policies'),
      calendar: await count('calendar_days'),
      people: await count('people'),
      ledger: await count('ledger'),
    };
  };
  const problemsOf = async (files: ImportFile[], options?: Parameters<typeof run>[1]) => {
    const outcome = await run(files, options);
    if (outcome.ok) throw new Error('expected the import to be refused');
    return outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render('en', problem.message)}`);
  };

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
  });

  it('imports the YAML example: units, policies, lists, items, owners, milestones, one ledger entry each', async () => {
    const outcome = await run([example('jiangsu-2016.yaml')]);
    expect(outcome.ok && outcome.written).toBe(true);
    expect(await counts()).toEqual({ units: 3, lists: 2, items: 3, owners: 4, milestones: 3, policies: 2, calendar: 0, people: 8, ledger: 10 });
    // Each new list's head is asked to sign it (by DM, as the unit has no channel yet).
    expect((await testDb.db.kysely.selectFrom('approvals').select(['kind', 'unit_code']).orderBy('id').execute())).toEqual([
      { kind: 'signoff', unit_code: 'JS-NJ' },
      { kind: 'signoff', unit_code: 'JS-SZ' },
    ]);
    const db = testDb.db.kysely;
    const nj = await db.selectFrom('units').selectAll().where('code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    expect(nj).toMatchObject({ name: '南京市纪委', parent_code: 'JS', head_user: 'U02HEAD', supervisor_user: 'U01SUP', channel_name: 'zr-js-nj' });
    const entry = await db.selectFrom('ledger').selectAll().where('item_code', '=', 'NJ-2016-01').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ unit_code: 'JS-NJ', kind: 'imported', actor: 'system', source: 'import' });
    expect(entry.details).toMatchObject({ entity: 'item', action: 'created' });
    const state = await db.selectFrom('item_state').selectAll().where('item_code', '=', 'NJ-2016-01').executeTakeFirstOrThrow();
    expect(state.approval).toBe('none');
  });

  it('is idempotent: a second run changes nothing and adds no ledger entries', async () => {
    await run([example('jiangsu-2016.yaml')]);
    const before = await counts();
    const again = await run([example('jiangsu-2016.yaml')]);
    expect(again).toMatchObject({ ok: true, written: false, plan: { changes: [], unchanged: { units: 3, lists: 2, items: 3, policies: 2 } } });
    expect(await counts()).toEqual(before);
  });

  it('imports CSV: a units file and an items file with Chinese words, the same as YAML would', async () => {
    const outcome = await run([example('units.csv'), example('items.csv')]);
    expect(outcome.ok).toBe(true);
    const db = testDb.db.kysely;
    const items = await db.selectFrom('items').selectAll().orderBy('code').execute();
    expect(items.map((i) => [i.code, i.responsibility, i.cadence, i.start, i.due])).toEqual([
      ['WX-2016-01', 'primary', 'weekly', '2016-01-04', '2016-02-29'],
      ['WX-2016-02', 'supervisory', 'monthly', '2016-01-04', '2016-12-31'],
    ]);
    const owners = await db.selectFrom('item_owners').select(['user_id']).where('item_code', '=', 'WX-2016-01').orderBy('position').execute();
    expect(owners.map((o) => o.user_id)).toEqual(['U08OWN', 'U09OWN']);
    const milestones = await db.selectFrom('milestones').selectAll().where('item_code', '=', 'WX-2016-02').orderBy('position').execute();
    expect(milestones.map((m) => [m.title, m.due, m.percent])).toEqual([
      ['上半年督查', '2016-06-30', 50],
      ['下半年督查', '2016-12-15', 100],
    ]);
    expect((await run([example('units.csv'), example('items.csv')])).ok && (await counts()).ledger).toBe(6);
  });

  it('accepts Chinese column headers and unit columns inline in an items CSV', async () => {
    const outcome = await run([
      csv('单位,单位名称,年度,编号,事项,责任类型,责任人,完成时限,频次\nJS-SZ,苏州市纪委,2016,SZ-01,落实一案双查,监督责任,U06OWN、U07OWN,2027-11-30,每两周\n'),
    ]);
    expect(outcome.ok).toBe(true);
    const item = await testDb.db.kysely.selectFrom('items').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({ code: 'SZ-01', responsibility: 'supervisory', cadence: 'biweekly', start: '2026-11-25' });
  });

  it('a dry run lists the changes and writes nothing', async () => {
    const outcome = await run([example('jiangsu-2016.yaml')], { dryRun: true });
    expect(outcome.ok && outcome.written).toBe(false);
    expect(outcome.ok && outcome.plan.changes.filter((c) => c.action === 'created').length).toBe(10);
    expect(await counts()).toMatchObject({ units: 0, items: 0, ledger: 0 });
  });

  it('matches item codes regardless of case, keeping the stored spelling', async () => {
    await run([yaml(item(', start: 2016-01-04'))]);
    const outcome = await run([yaml(item(', start: 2016-01-04, target: 新目标').replace('code: NJ-01', 'code: nj-01'))]);
    expect(outcome.ok && outcome.plan.changes).toEqual([{ entity: 'items', ref: 'NJ-01', action: 'updated', fields: { target: { from: null, to: '新目标' } } }]);
    expect((await testDb.db.kysely.selectFrom('items').select('code').execute()).map((i) => i.code)).toEqual(['NJ-01']);
  });

  it('records a changed field as one update with old and new values, and keeps an item’s start', async () => {
    await run([yaml(item(', start: 2016-01-04'))]);
    const outcome = await run([yaml(item(', target: 2月底前完成'))]);
    expect(outcome.ok && outcome.plan.changes).toEqual([
      { entity: 'items', ref: 'NJ-01', action: 'updated', fields: { target: { from: null, to: '2月底前完成' } } },
    ]);
    const entries = await testDb.db.kysely.selectFrom('ledger').selectAll().where('item_code', '=', 'NJ-01').orderBy('id').execute();
    expect(entries).toHaveLength(2);
    expect(entries[1]?.details).toMatchObject({ action: 'updated', changes: { target: { from: null, to: '2月底前完成' } } });
  });

  describe('refuses a bad file, naming every problem, and writes nothing', () => {
    it.each([
      ['a missing title', item('').replace('title: 细化责任清单, ', ''), ['org.yaml line 8, lists[0].items[0].title: is required']],
      ['an impossible date', item('').replace('2016-02-29', '2016-02-30'), ['org.yaml line 8, lists[0].items[0].due: 2016-02-30 is not a day of the calendar (no such day in that month)']],
      ['an unknown cadence', item('').replace('weekly', 'daily'), ['org.yaml line 8, lists[0].items[0].cadence: must be weekly, biweekly or monthly (每周, 每两周, 每月)']],
      ['a misspelt field', item(', owner: U1'), ['org.yaml line 8, lists[0].items[0].owner: has an unknown field "owner"']],
      ['no owners', item('').replace('[U03OWN]', '[]'), ['org.yaml line 8, lists[0].items[0].owners: needs at least 1']],
      ['a person that is neither id nor e-mail', item('').replace('U03OWN', 'zhang san'), ['org.yaml line 8, lists[0].items[0].owners[0]: must be a Slack user id (U…) or an e-mail address']],
      ['a milestone over 100 %', item(', milestones: [{ title: a, due: 2016-01-31, percent: 150 }]'), ['org.yaml line 8, lists[0].items[0].milestones[0].percent: must be a whole number from 0 to 100']],
      ['a bad code', item('').replace('NJ-01', 'NJ 01'), ['org.yaml line 8, lists[0].items[0].code: must be letters, digits, ".", "_" and "-" (starting with a letter or digit), at most 64 characters']],
      ['a bad unit code', item('').replace('code: JS-NJ', 'code: JS_NJ'), ['org.yaml line 3, units[1].code: must be letters, digits and "-"']],
      ['a YAML syntax error', 'units: [ { code: JS', ['org.yaml line 1: cannot be read:']],
    ])('%s', async (_name, content, expected) => {
      const problems = await problemsOf([yaml(content)]);
      expect(problems.length).toBeGreaterThanOrEqual(expected.length);
      expected.forEach((line, i) => expect(problems[i]).toContain(line));
      expect(await counts()).toMatchObject({ units: 0, lists: 0, items: 0, ledger: 0 });
    });

    it.each([
      ['an unknown parent', units.replace('parent: JS', 'parent: JS-XX'), 'units[1].parent: parent unit JS-XX does not exist'],
      ['a cycle of parents', units.replace('name: 江苏省纪委,', 'name: 江苏省纪委, parent: JS-NJ,'), 'units would form a cycle: JS → JS-NJ → JS'],
      ['a unit defined twice', `${units}  - { code: JS, name: again }\n`, 'units[2].code: unit JS is defined twice (also at org.yaml line 2, units[0])'],
      ['an item defined twice (case folded)', item('').replace(/(\n {6}- \{ code: NJ-01.*\n)/, '$1      - { code: nj-01, title: b, responsibility: primary, owners: [U1X], due: 2016-03-01, cadence: weekly }\n'), 'lists[0].items[1].code: item nj-01 is defined twice'],
      ['a list of an unknown unit', item('').replace('unit: JS-NJ', 'unit: JS-XX'), 'lists[0].unit: unit JS-XX does not exist'],
      ['a start after the due date', item(', start: 2016-03-01'), 'lists[0].items[0].start: start is after due'],
      ['a milestone after the due date', item(', milestones: [{ title: 终稿, due: 2016-03-31 }]'), 'milestones[0].due: milestone "终稿" is due after the item'],
      ['decreasing milestone percentages', item(', milestones: [{ title: a, due: 2016-01-31, percent: 60 }, { title: b, due: 2016-02-15, percent: 40 }]'), 'milestones[1].percent: milestone percentages must not decrease'],
    ])('%s', async (_name, content, expected) => {
      const problems = await problemsOf([yaml(content)]);
      expect(problems.join('\n')).toContain(expected);
      expect(await counts()).toMatchObject({ units: 0, lists: 0, items: 0, ledger: 0 });
    });

    it('an item that already belongs to another unit’s list', async () => {
      await run([yaml(item(''))]);
      const before = await counts();
      const problems = await problemsOf([yaml(item('').replace('year: 2016', 'year: 2017'))]);
      expect(problems).toEqual([expect.stringContaining('item NJ-01 already belongs to the 2016 list of unit JS-NJ')]);
      expect(await counts()).toEqual(before);
    });

    it('bad CSV rows, by row and column, across files', async () => {
      const problems = await problemsOf([
        csv('unit,year,code,title,responsibility,owners,due,cadence,milestones\nJS-NJ,2016,NJ-01,a,primary,U1AA,2016-02-29,weekly,\nJS-NJ,2016,NJ-02,b,both,U1AA,2016-13-01,weekly,初稿 2016-01-31\n'),
        csv('code,name,parent\nJS,江苏省纪委,\n,无名,JS\n', 'units.csv'),
        csv('unit,year,code,title,colour\n', 'odd.csv'),
        csv('just,some,columns\n1,2,3\n', 'other.csv'),
      ]);
      expect(problems).toEqual(
        expect.arrayContaining([
          'items.csv row 3, column milestones: milestone "初稿 2016-01-31" must be written title@YYYY-MM-DD or title@YYYY-MM-DD@percent',
          'odd.csv row 1, column colour: has an unknown field "colour"',
          expect.stringMatching(/^other\.csv row 1: the header row is neither/),
        ]),
      );
      const shapeProblems = await problemsOf([
        csv('unit,year,code,title,responsibility,owners,due,cadence\nJS-NJ,2016,NJ-01,a,primary,U1AA,2016-02-29,weekly\nJS-NJ,2016,NJ-02,b,both,U1AA,2016-13-01,weekly\n'),
        csv('code,name,parent\nJS,江苏省纪委,\n,无名,JS\n', 'units.csv'),
      ]);
      expect(shapeProblems).toEqual([
        'items.csv row 3, column responsibility: must be "primary" (主体责任) or "supervisory" (监督责任)',
        'items.csv row 3, column due: 2016-13-01 is not a day of the calendar (no such day in that month)',
        'units.csv row 3, column code: is required',
      ]);
      expect(await counts()).toMatchObject({ units: 0, items: 0, ledger: 0 });
    });

    it('says it in Chinese too', async () => {
      const outcome = await run([yaml(item('').replace('weekly', 'daily'))]);
      expect(!outcome.ok && render('zh-CN', outcome.problems[0]!.message)).toBe('应为 weekly、biweekly 或 monthly（每周、每两周、每月）');
    });
  });

  describe('people given by e-mail', () => {
    let fake: FakeSlack;
    beforeAll(async () => {
      fake = await startFakeSlack();
    });
    afterAll(async () => {
      await fake?.close();
    });

    it('are resolved with users.lookupByEmail, once per address', async () => {
      fake.addUser({ id: 'U0ZHANG', email: 'zhang@example.org' });
      const directory = slackDirectory(new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } }));
      const content = item('').replace('[U03OWN]', '[zhang@example.org]').replace('head: U02HEAD', 'head: Zhang@example.org');
      const outcome = await run([yaml(content)], { directory });
      expect(outcome.ok).toBe(true);
      const owner = await testDb.db.kysely.selectFrom('item_owners').selectAll().executeTakeFirstOrThrow();
      expect(owner.user_id).toBe('U0ZHANG');
      const unit = await testDb.db.kysely.selectFrom('units').selectAll().where('code', '=', 'JS-NJ').executeTakeFirstOrThrow();
      expect(unit.head_user).toBe('U0ZHANG');
      expect(fake.callsTo('users.lookupByEmail')).toHaveLength(1);
    });

    it('an address nobody has, or no Slack to ask, is a problem at its place', async () => {
      const directory = slackDirectory(new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } }));
      const content = item('').replace('[U03OWN]', '[nobody@example.org]');
      expect(await problemsOf([yaml(content)], { directory })).toEqual(['org.yaml line 8, lists[0].items[0].owners[0]: no Slack user has the e-mail address nobody@example.org']);
      expect(await problemsOf([yaml(content)])).toEqual([
        'org.yaml line 8, lists[0].items[0].owners[0]: nobody@example.org is an e-mail address; resolving it needs SLACK_BOT_TOKEN (or give the Slack user id)',
      ]);
      expect(await counts()).toMatchObject({ units: 0, items: 0 });
    });
  });

  it('imports policies at each level and calendar days', async () => {
    const outcome = await run([
      yaml(`${item('')}policy: { remind_after: 3, escalate_after: 6 }
calendar:
  - { date: 2027-02-10, working: false, name: 春节 }
  - { date: 2027-02-20, working: true, name: 调休 }
`),
    ]);
    expect(outcome.ok).toBe(true);
    const db = testDb.db.kysely;
    expect(await db.selectFrom('policies').select(['scope', 'ref', 'remind_after', 'escalate_after']).execute()).toEqual([{ scope: 'global', ref: '', remind_after: 3, escalate_after: 6 }]);
    expect(await db.selectFrom('calendar_days').select(['day', 'working', 'name']).orderBy('day').execute()).toEqual([
      { day: '2027-02-10', working: false, name: '春节' },
      { day: '2027-02-20', working: true, name: '调休' },
    ]);
    const problems = await problemsOf([yaml(`policy: { remind_after: 6, escalate_after: 3 }\n`)]);
    expect(problems).toEqual(['org.yaml line 1, policy: must satisfy remind_after ≤ escalate_after ≤ escalate_again_after']);
  });
});
