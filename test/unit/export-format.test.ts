import { Writable } from 'node:stream';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { csvCell, exportStream, toCell, writeRows, type ExportFormat } from '../../src/services/export-format.js';
import { buildXlsx, SheetTooLargeError } from '../../src/services/xlsx.js';

interface Entry {
  id: number;
  at: string;
  item: string;
  owners: string[];
  percent: number | null;
  note: string | null;
  details: Record<string, unknown>;
  secret?: string;
}
const columns = ['id', 'at', 'item', 'owners', 'percent', 'note', 'details'] as const;

const entries: Entry[] = [
  { id: 1, at: '2026-11-25T10:00:00.000+08:00', item: 'NJ-01', owners: ['U03OWN', 'U04OWN'], percent: 50, note: '初稿已完成, 待审核', details: { percent: 50, note: '初稿已完成, 待审核' }, secret: 'not a column' },
  { id: 2, at: '2026-11-26T09:30:00.000+08:00', item: '', owners: [], percent: null, note: 'said "done"\nsecond line', details: {} },
  { id: 3, at: '2026-11-27T18:00:00.000+08:00', item: '2016-02-29', owners: ['U05'], percent: 0, note: '  =SUM(A1:A2) keeps its spaces', details: { nested: { ok: true } } },
];

/** A sink that keeps what is written, and is left open by writeRows. */
function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function written(format: ExportFormat, rows: Iterable<Entry> | AsyncIterable<Entry> = entries) {
  const { out, bytes } = sink();
  const count = await writeRows(rows, columns, format, out, { sheet: 'ledger' });
  expect(out.writableEnded).toBe(false);
  return { count, bytes: bytes() };
}

async function* slowly(rows: Entry[]) {
  for (const row of rows) {
    await new Promise((resolve) => setImmediate(resolve));
    yield row;
  }
}

describe('export formats', () => {
  it('writes CSV as UTF-8 with a byte-order mark, a header row, and quoted commas, quotes and newlines', async () => {
    const { count, bytes } = await written('csv');
    expect(count).toBe(3);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1)).toBe(
      [
        'id,at,item,owners,percent,note,details',
        '1,2026-11-25T10:00:00.000+08:00,NJ-01,U03OWN;U04OWN,50,"初稿已完成, 待审核","{""percent"":50,""note"":""初稿已完成, 待审核""}"',
        '2,2026-11-26T09:30:00.000+08:00,,,,"said ""done""\nsecond line",{}',
        '3,2026-11-27T18:00:00.000+08:00,2016-02-29,U05,0,  =SUM(A1:A2) keeps its spaces,"{""nested"":{""ok"":true}}"',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON as one array of the columns, values unchanged', async () => {
    const { count, bytes } = await written('json', slowly(entries));
    expect(count).toBe(3);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(entries.map(({ secret: _secret, ...row }) => row));
    expect((await written('json', [])).bytes.toString('utf8')).toBe('[]\n');
    expect((await written('csv', [])).bytes.toString('utf8')).toBe('\ufeffid,at,item,owners,percent,note,details\n');
  });

  it('writes XLSX that reads back as the JSON rows: one named sheet, typed cells, lists and details as in the CSV', async () => {
    const { count, bytes } = await written('xlsx', slowly(entries));
    expect(count).toBe(3);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const sheets = await readXlsxFile(bytes, { trim: false });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['ledger']);
    const [header, ...rows] = sheets[0]!.data;
    expect(header).toEqual([...columns]);
    const json = JSON.parse((await written('json')).bytes.toString('utf8')) as Entry[];
    // A spreadsheet has no empty text distinct from an empty cell: both read back as null.
    const asRead = (value: unknown) => (toCell(value) === '' ? null : toCell(value));
    expect(rows).toEqual(json.map((row) => columns.map((column) => asRead(row[column]))));
    expect(typeof rows[0]![0]).toBe('number');
    expect(rows[0]![3]).toBe('U03OWN;U04OWN');
    expect(rows[2]![2]).toBe('2016-02-29');
    expect(rows[2]![5]).toBe('  =SUM(A1:A2) keeps its spaces');
  });

  it('refuses more rows than a sheet holds before producing a byte', async () => {
    const cells = entries.map((entry) => columns.map((column) => toCell(entry[column])));
    await expect(buildXlsx(cells.slice(0, 2), columns, 'ledger', 3)).resolves.toBeInstanceOf(Buffer);
    await expect(buildXlsx(cells, columns, 'ledger', 3)).rejects.toEqual(new SheetTooLargeError(2));
  });

  it('streams a download: CSV and JSON as they come, XLSX once built, failures before the first byte as rejections', async () => {
    const collect = async (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks);
    };
    expect(await collect(await exportStream(slowly(entries), columns, 'csv'))).toEqual((await written('csv')).bytes);
    expect(await collect(await exportStream(entries, columns, 'json'))).toEqual((await written('json')).bytes);
    const xlsx = await readXlsxFile(await collect(await exportStream(entries, columns, 'xlsx', { sheet: 'ledger' })), { trim: false });
    expect(xlsx[0]?.data).toHaveLength(4);
    async function* failing(): AsyncGenerator<Entry> {
      yield entries[0]!;
      throw new Error('database gone');
    }
    await expect(exportStream(failing(), columns, 'xlsx')).rejects.toThrow('database gone');
    await expect(collect(await exportStream(failing(), columns, 'csv'))).rejects.toThrow('database gone');
  });
});

describe('CSV cells that a spreadsheet would run are neutralised (OWASP)', () => {
  it.each([
    ['=', '=HYPERLINK("https://evil.example","click")', `'=HYPERLINK("https://evil.example","click")`],
    ['+', '+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-', '-2+3', `'-2+3`],
    ['@', '@SUM(A1)', `'@SUM(A1)`],
    ['tab', '\t=1', `'\t=1`],
    ['carriage return', '\r=1', `'\r=1`],
    ['a formula character later in the text', 'a=1+1', 'a=1+1'],
    ['leading spaces', '  =SUM(A1:A2)', '  =SUM(A1:A2)'],
  ])('text starting with %s', (_name, text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });
  it.each([
    ['a negative number stays a number', -5, -5],
    ['zero', 0, 0],
    ['a truth value', true, true],
    ['nothing is an empty cell', null, ''],
  ])('%s', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes a formula-like note quoted and prefixed, and a negative number bare, in the CSV file', async () => {
    const { out, bytes } = sink();
    await writeRows([{ id: -1, note: '=1+1' }], ['id', 'note'] as const, 'csv', out);
    expect(bytes().toString('utf8')).toBe("\uFEFFid,note\n-1,'=1+1\n");
  });

  it('writes formula-like text as string cells in XLSX, never as formulas', async () => {
    const file = await buildXlsx([['=1+1', -5, '@A1']], ['note', 'n', 'at'], 'sheet');
    const sheet = strFromU8(unzipSync(new Uint8Array(file))['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).not.toContain('<f>');
    expect(sheet).toMatch(/<c r="A2" t="s">/);
    const [, row] = (await readXlsxFile(file))[0]!.data;
    expect(row).toEqual(['=1+1', -5, '@A1']);
  });
});
