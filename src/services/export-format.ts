import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Readable } from 'node:stream';
import { buildXlsx, type SheetCell } from './xlsx.js';

export const exportFormats = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const isExportFormat = (value: unknown): value is ExportFormat => exportFormats.includes(value as ExportFormat);

/** The media type of each format, for a download. */
export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

export interface ExportOptions {
  /** The XLSX sheet's name (`items`, `ledger`); the other formats have none. */
  sheet?: string;
}

/**
 * A value as a CSV or XLSX cell: lists joined with ";", objects (a ledger entry's details) as
 * JSON text, nothing as an empty cell; text, numbers and truth values as they are.
 */
export const toCell = (value: unknown): SheetCell => {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
};

/**
 * A CSV cell that a spreadsheet program would run as a formula is neutralised (OWASP's rule):
 * text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that
 * `=HYPERLINK(…)` or `+cmd|…` opens as the text it is. Only text is touched: numbers (a negative
 * one too) are written as numbers and stay numbers, and a note "-5" reads back as "'-5".
 *
 * @example
 * csvCell('=1+1') // "'=1+1"
 * csvCell(-5) // -5
 */
export const csvCell = (cell: SheetCell): string | number | boolean => {
  if (cell === null) return '';
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell)) return `'${cell}`;
  return cell;
};

async function* cells<T extends object>(rows: AsyncIterable<T> | Iterable<T>, columns: readonly (keyof T & string)[], onRow: () => void) {
  for await (const row of rows) {
    onRow();
    yield columns.map((column) => toCell(row[column]));
  }
}

/**
 * Writes rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese
 * correctly; formula-like text neutralised, see {@link csvCell}), as XLSX (one sheet, same cells
 * as the CSV but typed, text always a string cell), or as one JSON array. CSV and
 * JSON stream; XLSX is built in memory first (see {@link buildXlsx}). `out` is left open.
 *
 * @example
 * await writeRows(await exportItems(deps), itemColumns, 'xlsx', file, { sheet: 'items' });
 * @returns the number of rows written.
 */
export async function writeRows<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
): Promise<number> {
  let count = 0;
  const counted = () => count++;
  if (format === 'xlsx') {
    const file = await buildXlsx(cells(rows, columns, counted), columns, options.sheet ?? 'export');
    await pipeline(Readable.from([file]), out, { end: false });
    return count;
  }
  if (format === 'csv') {
    const records = async function* () {
      for await (const record of cells(rows, columns, counted)) yield record.map(csvCell);
    };
    await pipeline(Readable.from(records()), stringify({ bom: true, header: true, columns: [...columns] }), out, { end: false });
    return count;
  }
  const json = async function* () {
    yield '[';
    for await (const row of rows) {
      counted();
      const picked = Object.fromEntries(columns.map((column) => [column, row[column]]));
      yield `${count === 1 ? '\n' : ',\n'}${JSON.stringify(picked)}`;
    }
    yield count ? '\n]\n' : ']\n';
  };
  await pipeline(Readable.from(json()), out, { end: false });
  return count;
}

/**
 * The export as a stream to send, for a download. CSV and JSON start at once and stream; an XLSX
 * stream is returned only once the workbook is built, so that a failure can still be answered
 * with an error status rather than a truncated file.
 */
export async function exportStream<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<Readable> {
  if (format === 'xlsx') return Readable.from([await buildXlsx(cells(rows, columns, () => {}), columns, options.sheet ?? 'export')]);
  const body = new PassThrough();
  writeRows(rows, columns, format, body, options).then(
    () => body.end(),
    (error: Error) => body.destroy(error),
  );
  return body;
}
