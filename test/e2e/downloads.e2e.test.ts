import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { toCell } from '../../src/services/export-format.js';
import { exportItems, exportLedger, itemColumns, ledgerColumns, type ItemRow, type LedgerRow } from '../../src/services/exports.js';
import { JS, JS_NJ, JS_SZ, organisation as orgDocument } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

// 01:30 on the 25th in Shanghai, still the 24th in UTC: the file is named by the organisation's date.
const NOW = new Date('2026-11-24T17:30:00Z');
const TOKEN = 'zeren-export-token-0123456789abcdef';
const organisation = orgDocument({
  units: [JS, JS_NJ, JS_SZ],
  lists: [
    {
      unit: 'JS-NJ',
      year: 2026,
      items: [
        { code: 'NJ-01', title: '细化责任清单, 含“引号”', responsibility: 'primary', owners: ['U03OWN', 'U04OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02' },
        { code: 'NJ-02', title: '开展专项督查', responsibility: 'supervisory', owners: ['U04OWN'], due: '2026-12-31', cadence: 'monthly', start: '2026-11-02' },
      ],
    },
    { unit: 'JS-SZ', year: 2026, items: [{ code: 'SZ-01', title: '落实整改', responsibility: 'primary', owners: ['U05OWN'], due: '2026-11-30', cadence: 'weekly', start: '2026-11-02' }] },
  ],
});

/** A cell as a spreadsheet gives it back: empty text and no value are both an empty cell. */
const asRead = (value: unknown) => (toCell(value) === '' ? null : toCell(value));
const asCsv = (value: unknown) => String(toCell(value) ?? '');

describe('export downloads', () => {
  const app = useTestApp({ env: { ZEREN_EXPORT_TOKEN: TOKEN, ZEREN_LOCALE: 'en' }, now: NOW, connect: false, reset: false });
  const deps = () => app.deps();
  const get = (url: string, authorization = `Bearer ${TOKEN}`) =>
    app.bot.server.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    const report = await app.bot.services.progress.record({ actor: 'U03OWN', code: 'NJ-01', percent: 40, status: 'at_risk', note: '进度滞后, "待协调"\n下周补齐', source: 'slash_command', requestKey: 'r1' });
    expect(report).toMatchObject({ ok: true });
  });
  it('answers 401 with a small JSON body without the token, with a wrong one, or with another scheme', async () => {
    const anonymous = await app.send({ method: 'GET', url: '/exports/items?format=json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="zeren"');
    expect(anonymous.json()).toEqual({ error: 'unauthorized', message: 'a valid export token is required (Authorization: Bearer …)' });
    for (const authorization of [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}x`, 'Bearer short', `Basic ${TOKEN}`, TOKEN, 'Bearer ']) {
      const response = await get('/exports/ledger?format=json', authorization);
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error).toBe('unauthorized');
    }
    // Neither a bad format nor an unknown unit is told to someone without the token.
    expect((await get('/exports/items?format=pdf&unit=NOPE', '')).statusCode).toBe(401);
    expect((await get('/exports/items', `bearer ${TOKEN}`)).statusCode).toBe(200);
  });

  it('serves items as CSV (the default), JSON and XLSX that agree with each other and with exportItems', async () => {
    const expected = JSON.parse(JSON.stringify(await exportItems(deps()))) as ItemRow[];
    expect(expected.map((item) => item.code)).toEqual(['NJ-01', 'NJ-02', 'SZ-01']);
    expect(expected[0]).toMatchObject({ owners: ['U03OWN', 'U04OWN'], percent: 40, status: 'at_risk' });

    const json = await get('/exports/items?format=json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toBe('attachment; filename="zeren-items-2026-11-25.json"');
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.json()).toEqual(expected);

    const csv = await get('/exports/items');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="zeren-items-2026-11-25.csv"');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(csv.rawPayload, { bom: true }) as string[][];
    expect(records[0]).toEqual([...itemColumns]);
    expect(records.slice(1)).toEqual(expected.map((item) => itemColumns.map((column) => asCsv(item[column]))));
    expect(records[1]?.[2]).toBe('细化责任清单, 含“引号”');

    const xlsx = await get('/exports/items?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="zeren-items-2026-11-25.xlsx"');
    const sheets = await readXlsxFile(xlsx.rawPayload, { trim: false });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['items']);
    expect(sheets[0]?.data[0]).toEqual([...itemColumns]);
    expect(sheets[0]?.data.slice(1)).toEqual(expected.map((item) => itemColumns.map((column) => asRead(item[column]))));
    expect(sheets[0]?.data[1]?.[6]).toBe(40);
  });

  it('serves the ledger oldest first in all three formats, equal to exportLedger', async () => {
    const expected: LedgerRow[] = [];
    for await (const entry of exportLedger(deps())) expected.push(JSON.parse(JSON.stringify(entry)) as LedgerRow);
    expect(expected.map((entry) => entry.kind)).toContain('report');
    const json = await get('/exports/ledger?format=json');
    expect(json.headers['content-disposition']).toBe('attachment; filename="zeren-ledger-2026-11-25.json"');
    expect(json.json()).toEqual(expected);
    expect(json.json().map((entry: LedgerRow) => entry.id)).toEqual(expected.map((entry) => entry.id).sort((a, b) => a - b));

    const records = parse((await get('/exports/ledger?format=csv')).rawPayload, { bom: true }) as string[][];
    expect(records.slice(1)).toEqual(expected.map((entry) => ledgerColumns.map((column) => asCsv(entry[column]))));

    const sheets = await readXlsxFile((await get('/exports/ledger?format=xlsx')).rawPayload, { trim: false });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['ledger']);
    expect(sheets[0]?.data.slice(1)).toEqual(expected.map((entry) => ledgerColumns.map((column) => asRead(entry[column]))));
    const report = sheets[0]?.data.find((row) => row[4] === 'report');
    expect(report?.slice(7, 10)).toEqual([40, 'at_risk', '进度滞后, "待协调"\n下周补齐']);
  });

  it('narrows to a unit and everything under it, as the CLI does', async () => {
    const nanjing = await get('/exports/items?format=json&unit=JS-NJ');
    expect(nanjing.json().map((item: ItemRow) => item.code)).toEqual(['NJ-01', 'NJ-02']);
    expect(nanjing.json()).toEqual(JSON.parse(JSON.stringify(await exportItems(deps(), ['JS-NJ']))));
    const province = await get('/exports/items?format=json&unit=JS');
    expect(province.json().map((item: ItemRow) => item.code)).toEqual(['NJ-01', 'NJ-02', 'SZ-01']);
    const suzhou = await get('/exports/ledger?format=json&unit=JS-SZ');
    expect(new Set(suzhou.json().map((entry: LedgerRow) => entry.unit))).toEqual(new Set(['JS-SZ']));
    const sheet = await readXlsxFile((await get('/exports/items?format=xlsx&unit=JS-SZ')).rawPayload);
    expect(sheet[0]?.data.map((row) => row[1])).toEqual(['code', 'SZ-01']);
  });

  it('answers 404 for an unknown unit and 400 for a bad format or several units, with a small JSON body', async () => {
    const unknown = await get('/exports/ledger?unit=NOPE');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'unknown_unit', message: 'there is no unit NOPE' });
    for (const url of ['/exports/items?format=pdf', '/exports/items?format=CSV', '/exports/items?format=csv&format=json']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error).toBe('bad_format');
    }
    expect((await get('/exports/items?format=pdf')).json().message).toBe('format must be csv, xlsx or json, not "pdf"');
    const twoUnits = await get('/exports/items?unit=JS-NJ&unit=JS-SZ');
    expect(twoUnits.statusCode).toBe(400);
    expect(twoUnits.json()).toEqual({ error: 'bad_unit', message: 'give at most one unit code' });
  });
});

describe('export downloads without ZEREN_EXPORT_TOKEN', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en' }, connect: false, reset: false });

  it('are off: the routes answer 404, with a token or without', async () => {
    for (const url of ['/exports/items', '/exports/ledger?format=json']) {
      expect((await app.send({ method: 'GET', url })).statusCode).toBe(404);
      expect((await app.bot.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
    }
    expect((await app.send({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
  });

  it('a token shorter than 24 characters, or with spaces, stops the program with one line naming it', () => {
    for (const value of ['too-short-0123456789', 'has spaces in it 0123456789abcdef']) {
      expect(() => loadConfig({ ZEREN_EXPORT_TOKEN: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ZEREN_EXPORT_TOKEN: value })).toThrow(/^ZEREN_EXPORT_TOKEN: expected a secret of at least 24 printable ASCII characters/);
    }
    expect(loadConfig({ ZEREN_EXPORT_TOKEN: '' }).ZEREN_EXPORT_TOKEN).toBeUndefined();
    expect(loadConfig({ ZEREN_EXPORT_TOKEN: TOKEN }).ZEREN_EXPORT_TOKEN).toBe(TOKEN);
  });
});
