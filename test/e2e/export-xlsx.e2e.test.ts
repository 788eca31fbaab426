import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCell } from '../../src/services/export-format.js';
import { itemColumns, ledgerColumns } from '../../src/services/exports.js';
import { useDataDir, zeren } from '../support/cli.js';
import { examplePath as example } from '../support/fixtures.js';

/** A cell as a spreadsheet gives it back: empty text and no value are both an empty cell. */
const asRead = (value: unknown) => (toCell(value) === '' ? null : toCell(value));

// Each test runs several processes (a few seconds each on PGlite).
describe('zeren export --format xlsx', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-xlsx-');
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ dataDir, env } = data);
    expect((await zeren(['import', example], env)).code).toBe(0);
  });

  it('writes items and the ledger to a file, one named sheet each, with the values of the JSON export', async () => {
    for (const [what, columns, unit] of [
      ['items', itemColumns, 'JS'],
      ['ledger', ledgerColumns, 'JS-SZ'],
    ] as const) {
      const file = join(dataDir, `${what}.xlsx`);
      const result = await zeren(['export', what, '--unit', unit, '--format', 'xlsx', '--out', file], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('');
      const json = JSON.parse((await zeren(['export', what, '--unit', unit, '--format', 'json'], env)).stdout) as Record<string, unknown>[];
      expect(json.length).toBeGreaterThan(0);
      expect(result.stderr.trim()).toBe(`${json.length} row(s) written to ${file}`);
      const sheets = await readXlsxFile(readFileSync(file), { trim: false });
      expect(sheets.map((sheet) => sheet.sheet)).toEqual([what]);
      expect(sheets[0]?.data[0]).toEqual([...columns]);
      expect(sheets[0]?.data.slice(1)).toEqual(json.map((row) => columns.map((column) => asRead(row[column]))));
    }
  });

  it('without --out, or with an unknown format, exits non-zero with one line and writes nothing to stdout', async () => {
    const noOut = await zeren(['export', 'items', '--format', 'xlsx'], env);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stdout).toBe('');
    expect(noOut.stderr.trim().split('\n')).toEqual(['zeren: --format xlsx writes a binary file: give it --out FILE; run zeren --help']);
    const chinese = await zeren(['export', 'ledger', '--format', 'xlsx'], { ...env, ZEREN_LOCALE: 'zh-CN' });
    expect(chinese.code).not.toBe(0);
    expect(chinese.stderr).toContain('--format xlsx 生成二进制文件');
    const file = join(dataDir, 'items.ods');
    const badFormat = await zeren(['export', 'items', '--format', 'ods', '--out', file], env);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr.trim()).toBe('zeren: --format must be csv or json (or xlsx, with --out), not "ods"; run zeren --help');
    expect(existsSync(file)).toBe(false);
  });
});
