import writeXlsxFile, { type Row } from 'write-excel-file/node';

/** What one XLSX cell holds: text, a number, a truth value, or nothing (an empty cell). */
export type SheetCell = string | number | boolean | null;

/** Rows per sheet in Excel and every program that reads what it writes, the header row included. */
export const MAX_SHEET_ROWS = 1_048_576;

/** More rows than one sheet can hold; nothing has been written. */
export class SheetTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} rows do not fit in one XLSX sheet`);
    this.name = 'SheetTooLargeError';
  }
}

// Each cell's type is named: text is a string cell, which Excel shows and never evaluates, whatever it starts with.
const typed = (cell: SheetCell) => {
  if (cell === null) return null;
  if (typeof cell === 'string') return { type: String, value: cell };
  if (typeof cell === 'number') return { type: Number, value: cell };
  return { type: Boolean, value: cell };
};

/**
 * One XLSX workbook with one sheet: a bold, frozen header row, then the rows. Cells keep their
 * type (numbers stay numbers, text stays text even when it looks like a date or a formula).
 *
 * The workbook is built in memory, a few kilobytes per row until the file is complete: the
 * library we use (write-excel-file) has no streaming writer, and ExcelJS's "streaming" one also
 * holds a sheet until it is committed. A sheet is capped at about a million rows anyway; a
 * ledger larger than that goes out as CSV or JSON, which stream. Because the rows are all read
 * before a byte is produced, a failure (too many rows, the database) surfaces before the file starts.
 *
 * @example
 * const file = await buildXlsx(rows(), ['code', 'percent'], 'items'); // a Buffer
 */
export async function buildXlsx(
  rows: AsyncIterable<readonly SheetCell[]> | Iterable<readonly SheetCell[]>,
  header: readonly string[],
  sheet: string,
  maxRows = MAX_SHEET_ROWS,
): Promise<Buffer> {
  const data: Row[] = [header.map((name) => ({ value: name, fontWeight: 'bold' as const }))];
  for await (const row of rows) {
    if (data.length >= maxRows) throw new SheetTooLargeError(maxRows - 1);
    data.push(row.map(typed));
  }
  return writeXlsxFile(data, { sheet, stickyRowsCount: 1 }).toBuffer();
}

/** One sheet of a workbook: its name (at most 31 characters, unique), header and rows. */
export interface SheetData {
  name: string;
  header: readonly string[];
  rows: readonly (readonly SheetCell[])[];
}

/**
 * An XLSX workbook of several sheets, each as {@link buildXlsx} writes one: a bold, frozen
 * header row, then typed cells (text always a string cell, never evaluated).
 */
export async function buildWorkbook(sheets: readonly SheetData[], maxRows = MAX_SHEET_ROWS): Promise<Buffer> {
  const data = sheets.map((sheet) => {
    if (sheet.rows.length >= maxRows) throw new SheetTooLargeError(maxRows - 1);
    const rows: Row[] = [sheet.header.map((name) => ({ value: name, fontWeight: 'bold' as const })), ...sheet.rows.map((row) => row.map(typed))];
    return { data: rows, sheet: sheet.name, stickyRowsCount: 1 };
  });
  return writeXlsxFile(data).toBuffer();
}
