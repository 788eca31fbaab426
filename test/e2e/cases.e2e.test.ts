import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDataDir, zeren } from '../support/cli.js';
import { JS, JS_NJ, JS_SZ, njList2026, organisation as orgDocument } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-25T02:00:00Z');
const TOKEN = 'zeren-export-token-0123456789abcdef';

// Three cases across two child units of JS; the same person (P-0001) in two of them.
const organisation = `${orgDocument({ units: [JS, JS_NJ, JS_SZ], lists: [njList2026('weekly')] })}cases:
  - code: JS-NJ-2026-C001
    unit: JS-NJ
    opened: 2026-03-02
    source: petition
    category: 违反中央八项规定精神
    primary: not_fulfilled
    supervisory: fulfilled
    dispositions:
      - { person: P-0001, form: 1, measure: 谈话提醒, decided: 2026-04-10 }
      - { person: P-0002, form: 2, measure: 警告, decided: 2026-04-10 }
    accountability:
      - { target: JS-NJ, responsibility: primary, measure: 通报, decided: 2026-05-01 }
  - code: JS-NJ-2026-C002
    unit: JS-NJ
    opened: 2026-06-01
    source: lead
    category: 违反组织纪律
    primary: fulfilled
    supervisory: not_fulfilled
    dispositions:
      - { person: P-0001, form: 2, measure: 严重警告, decided: 2026-07-01 }
  - code: JS-SZ-2026-C001
    unit: JS-SZ
    opened: 2026-08-03
    source: patrol
    category: 违反廉洁纪律
    primary: not_applicable
    supervisory: fulfilled
    dispositions:
      - { person: P-0100, form: 3, measure: 撤销党内职务, decided: 2026-09-15 }
    accountability:
      - { target: JS-SZ, responsibility: supervisory, measure: 诫勉, decided: 2026-10-01 }
`;

const zeros = { inspections: 0, findings: 0, findings_closed: 0, findings_overdue: 0 };
// Worked by hand from the cases above.
const expected = [
  {
    unit: 'JS', year: 2026, cases: 3, person_times: 4, people: 3, form1: 1, form2: 2, form3: 1, form4: 0,
    form1_share: 25, form2_share: 50, form3_share: 25, form4_share: 0,
    dual_investigations: 2, primary_not_fulfilled: 1, supervisory_not_fulfilled: 1, accountability_decisions: 2, ...zeros,
  },
  {
    unit: 'JS-NJ', year: 2026, cases: 2, person_times: 3, people: 2, form1: 1, form2: 2, form3: 0, form4: 0,
    form1_share: 33.3, form2_share: 66.7, form3_share: 0, form4_share: 0,
    dual_investigations: 2, primary_not_fulfilled: 1, supervisory_not_fulfilled: 1, accountability_decisions: 1, ...zeros,
  },
  {
    unit: 'JS-SZ', year: 2026, cases: 1, person_times: 1, people: 1, form1: 0, form2: 0, form3: 1, form4: 0,
    form1_share: 0, form2_share: 0, form3_share: 100, form4_share: 0,
    dual_investigations: 0, primary_not_fulfilled: 0, supervisory_not_fulfilled: 0, accountability_decisions: 1, ...zeros,
  },
];
const statisticsHeader = 'unit,year,cases,person_times,people,form1,form2,form3,form4,form1_share,form2_share,form3_share,form4_share,dual_investigations,primary_not_fulfilled,supervisory_not_fulfilled,accountability_decisions,inspections,findings,findings_closed,findings_overdue';

describe('accountability cases and statistics', () => {
  const app = useTestApp({ env: { ZEREN_EXPORT_TOKEN: TOKEN, ZEREN_LOCALE: 'en' }, now: NOW, connect: false, reset: false });
  const get = (url: string, authorization = `Bearer ${TOKEN}`) =>
    app.bot.server.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await app.db.updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEAD' }).where('unit_code', '=', 'JS-NJ').execute();
  });

  it('the statistics download for the parent equals the table worked by hand', async () => {
    const response = await get('/exports/statistics?unit=JS&year=2026&format=json');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expected);
    const csv = await get('/exports/statistics?unit=JS-NJ&format=csv');
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(statisticsHeader);
    expect(csv.body).toContain('JS-NJ,2026,2,3,2,1,2,0,0,33.3,66.7,0,0,2,1,1,1,0,0,0,0');
  });

  it('the cases download has one row per disposition, behind the token', async () => {
    expect((await get('/exports/cases?format=json', '')).statusCode).toBe(401);
    expect((await get('/exports/statistics?format=json', 'Bearer wrong')).statusCode).toBe(401);
    const response = await get('/exports/cases?unit=JS-NJ&format=json');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      { case: 'JS-NJ-2026-C001', unit: 'JS-NJ', opened: '2026-03-02', source: 'petition', category: '违反中央八项规定精神', person: 'P-0001', form: 1, measure: '谈话提醒', decided: '2026-04-10', primary_responsibility: 'not_fulfilled', supervisory_responsibility: 'fulfilled' },
      { case: 'JS-NJ-2026-C001', unit: 'JS-NJ', opened: '2026-03-02', source: 'petition', category: '违反中央八项规定精神', person: 'P-0002', form: 2, measure: '警告', decided: '2026-04-10', primary_responsibility: 'not_fulfilled', supervisory_responsibility: 'fulfilled' },
      { case: 'JS-NJ-2026-C002', unit: 'JS-NJ', opened: '2026-06-01', source: 'lead', category: '违反组织纪律', person: 'P-0001', form: 2, measure: '严重警告', decided: '2026-07-01', primary_responsibility: 'fulfilled', supervisory_responsibility: 'not_fulfilled' },
    ]);
    expect((await get('/exports/cases?year=26')).statusCode).toBe(400);
    expect((await get('/exports/cases?year=2025&format=json')).json()).toEqual([]);
  });

  it('the public pages contain none of the case data', async () => {
    const index = await get('/public', '');
    const page = await get('/public/JS-NJ/2026', '');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('NJ-01');
    for (const body of [index.body, page.body]) {
      for (const secret of ['JS-NJ-2026-C001', 'JS-NJ-2026-C002', 'P-0001', 'P-0002', '谈话提醒', '严重警告', '违反组织纪律', '违反中央八项规定精神']) expect(body).not.toContain(secret);
    }
  });

  // Last in this block: it adds an inspection to the organisation the tests above share.
  it('counts the inspections of the subtree and their findings: closed, and open past their deadline', async () => {
    await app.importDocuments({
      name: 'inspections.yaml',
      content: `inspections:
  - code: JS-SZ-2026-I1
    kind: inspection
    unit: JS-SZ
    by: JS
    from: 2026-06-01
    to: 2026-06-12
    findings:
      - { code: SZ-2026-F01, title: 台账不全, severity: major, owners: [U03OWN], requirement: 补齐台账, due: 2026-07-15, closed: 2026-07-10 }
      - { code: SZ-2026-F02, title: 谈话未留痕, severity: minor, owners: [U03OWN], requirement: 建立记录, due: 2026-08-31 }
      - { code: SZ-2026-F03, title: 整改方案未报, severity: minor, owners: [U03OWN], requirement: 报送方案, due: 2026-12-31 }
`,
    });
    const rows = (await get('/exports/statistics?unit=JS&year=2026&format=json')).json() as Record<string, unknown>[];
    const pick = (row: Record<string, unknown> | undefined) => row && { unit: row.unit, inspections: row.inspections, findings: row.findings, findings_closed: row.findings_closed, findings_overdue: row.findings_overdue };
    expect(rows.map(pick)).toEqual([
      { unit: 'JS', inspections: 1, findings: 3, findings_closed: 1, findings_overdue: 1 },
      { unit: 'JS-NJ', inspections: 0, findings: 0, findings_closed: 0, findings_overdue: 0 },
      { unit: 'JS-SZ', inspections: 1, findings: 3, findings_closed: 1, findings_overdue: 1 },
    ]);
    // The cases' figures are unchanged by it.
    expect(rows[0]).toMatchObject({ cases: 3, person_times: 4, people: 3 });
  });
});

// The command line as an admin runs it, on its own embedded database.
describe('zeren export cases|statistics', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-cases-');
  let dataDir: string;
  beforeAll(() => {
    dataDir = data.dataDir;
  });

  it('imports three cases, then exports the parent\'s statistics as worked by hand; a wrong form is refused with nothing written', async () => {
    const env = { DATA_DIR: dataDir };
    const file = join(dataDir, 'org.yaml');
    writeFileSync(file, organisation.replace('form: 3, measure: 撤销党内职务', 'form: 5, measure: 撤销党内职务'));
    const refused = await zeren(['import', file], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/org\.yaml line \d+, cases\[2\]\.dispositions\[0\]\.form: must be a form of accountability 1, 2, 3 or 4/);
    const empty = await zeren(['export', 'cases', '--format', 'json'], env);
    expect(JSON.parse(empty.stdout)).toEqual([]);

    writeFileSync(file, organisation);
    const imported = await zeren(['import', file], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('cases: 3 created, 0 updated, 0 unchanged');
    const statistics = await zeren(['export', 'statistics', '--unit', 'JS', '--year', '2026', '--format', 'json'], env);
    expect(statistics.code).toBe(0);
    expect(JSON.parse(statistics.stdout)).toEqual(expected);
    const badYear = await zeren(['export', 'statistics', '--year', 'last'], env);
    expect(badYear.code).not.toBe(0);
    expect(badYear.stderr).toContain('--year must be a year such as 2026');
  });
});
