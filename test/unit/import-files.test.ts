import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { importFiles, type ImportFile } from '../../src/services/importer.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

// Files as offices keep them: XLSX workbooks, CSV saved by Excel on Chinese Windows (GB18030),
// CSV saved as "CSV UTF-8" (with a byte-order mark), and the broken ones.
const unitsCsv = 'code,name,parent,head,supervisor,channel\nJS,江苏省纪委,,U01HEAD,U01SUP,\nJS-NJ,南京市纪委,JS,U02HEAD,U01SUP,\n';
const itemsCsv = 'unit,year,code,title,responsibility,owners,due,cadence\nJS-NJ,2016,NJ-01,细化责任清单,主体责任,U03OWN,2016-02-29,每周\n';
const gb18030 = (text: string) => {
  // Node's TextEncoder speaks only UTF-8: encode through the one decoder table we have.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
  return new Uint8Array([...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : (table.get(char) ?? [0x3f]))));
};
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('import files as offices keep them', () => {
  let testDb: TestDb;
  const now = new Date('2026-11-25T02:00:00Z');
  const run = (files: ImportFile[]) => importFiles({ db: testDb.db.kysely, now, timeZone: 'Asia/Shanghai' }, files, { dryRun: false });
  const problemsOf = async (files: ImportFile[], locale: 'en' | 'zh-CN' = 'en') => {
    const outcome = await run(files);
    if (outcome.ok) throw new Error('expected the import to be refused');
    return outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render(locale, problem.message)}`.replace(/ : /, ': '));
  };
  const unitNames = async () => (await testDb.db.kysely.selectFrom('units').select(['code', 'name']).orderBy('code').execute()).map((unit) => `${unit.code} ${unit.name}`);
  const ledgerCount = async () => Number((await testDb.db.kysely.selectFrom('ledger').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
  });

  it('reads a CSV saved in GB18030 (GBK) as Chinese, not mojibake', async () => {
    const outcome = await run([{ name: 'units.csv', content: gb18030(unitsCsv) }]);
    expect(outcome.ok).toBe(true);
    expect(await unitNames()).toEqual(['JS 江苏省纪委', 'JS-NJ 南京市纪委']);
  });

  it('reads UTF-8 with and without a byte-order mark', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(unitsCsv)]);
    expect((await run([{ name: 'units.csv', content: bom }, { name: 'items.csv', content: utf8(itemsCsv) }])).ok).toBe(true);
    expect(await unitNames()).toEqual(['JS 江苏省纪委', 'JS-NJ 南京市纪委']);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming the file, and writes nothing', async () => {
    const broken = new Uint8Array([...utf8('code,name\nJS,'), 0xff, 0xfe, 0x80, 0x0a]);
    expect(await problemsOf([{ name: 'units.csv', content: broken }])).toEqual([
      'units.csv: is neither UTF-8 nor GB18030/GBK text; save it as "CSV UTF-8" and import it again',
    ]);
    expect(await problemsOf([{ name: 'org.yaml', content: gb18030('units:\n  - { code: JS, name: 江苏省纪委 }\n') }])).toEqual([
      'org.yaml: is not UTF-8 text; save it as UTF-8 and import it again',
    ]);
    expect(await ledgerCount()).toBe(0);
  });

  it('reads an XLSX workbook, one sheet per kind with the CSV columns; dates and numbers as cells', async () => {
    const workbook = await writeXlsxFile([
      { sheet: '单位', data: unitsCsv.trim().split('\n').map((line) => line.split(',').map((value) => (value === '' ? null : { value }))) },
      {
        sheet: '事项',
        data: [
          ['单位', '年度', '编号', '事项', '责任类型', '责任人', '完成时限', '频次', '节点'].map((value) => ({ value })),
          [{ value: 'JS-NJ' }, { value: 2016 }, { value: 'NJ-01' }, { value: '细化责任清单' }, { value: '主体责任' }, { value: 'U03OWN;U04OWN' },
            { value: new Date(Date.UTC(2016, 1, 29)), type: Date, format: 'yyyy-mm-dd' }, { value: '每周' }, { value: '初稿@2016-01-31@50' }],
          [],
          [{ value: 'JS-NJ' }, { value: 2016 }, { value: 'NJ-02' }, { value: '开展专项督查' }, { value: '监督责任' }, { value: 'U03OWN' }, { value: '2016-12-31' }, { value: 'monthly' }, null],
        ],
      },
    ]).toBuffer();
    const outcome = await run([{ name: 'list.xlsx', content: workbook }]);
    expect(outcome.ok).toBe(true);
    expect(await unitNames()).toEqual(['JS 江苏省纪委', 'JS-NJ 南京市纪委']);
    const items = await testDb.db.kysely.selectFrom('items').select(['code', 'due', 'cadence']).orderBy('code').execute();
    expect(items).toEqual([
      { code: 'NJ-01', due: '2016-02-29', cadence: 'weekly' },
      { code: 'NJ-02', due: '2016-12-31', cadence: 'monthly' },
    ]);
  });

  it('names the sheet and the row of a problem in a workbook, as the spreadsheet numbers it', async () => {
    const workbook = await writeXlsxFile(
      [
        ['unit', 'year', 'code', 'title', 'responsibility', 'owners', 'due', 'cadence'].map((value) => ({ value })),
        [],
        ['JS-NJ', 2016, 'NJ-01', 'a', 'primary', 'U03OWN', '2016-02-30', 'weekly'].map((value) => ({ value })),
      ],
      { sheet: 'items' },
    ).toBuffer();
    expect(await problemsOf([{ name: 'list.xlsx', content: workbook }])).toEqual([
      'list.xlsx sheet items, row 3, column due: 2016-02-30 is not a day of the calendar (no such day in that month)',
    ]);
    expect(await problemsOf([{ name: 'list.xlsx', content: utf8('not a workbook') }])).toEqual([
      'list.xlsx: is not an XLSX workbook that can be read; save it from the spreadsheet program as "Excel Workbook (.xlsx)"',
    ]);
  });

  it('names the row of an unclosed quote', async () => {
    const content = `${itemsCsv}JS-NJ,2016,NJ-02,"开展专项督查,主体责任,U03OWN,2016-02-29,每周\nJS-NJ,2016,NJ-03,c,主体责任,U03OWN,2016-02-29,每周\n`;
    expect(await problemsOf([{ name: 'items.csv', content }])).toEqual(['items.csv row 3: a quoted cell starts here and its closing quote (") is missing']);
  });

  it('reports an impossible date as impossible, in either language', async () => {
    const content = itemsCsv.replace('2016-02-29', '2026-02-30');
    expect(await problemsOf([{ name: 'units.csv', content: unitsCsv }, { name: 'items.csv', content }])).toEqual([
      'items.csv row 2, column due: 2026-02-30 is not a day of the calendar (no such day in that month)',
    ]);
    expect((await problemsOf([{ name: 'items.csv', content: itemsCsv.replace('2016-02-29', '2016-2-29') }]))[0]).toContain('must be a date written YYYY-MM-DD');
  });
});
