import readXlsxFile from 'read-excel-file/node';
import type { ImportProblem } from './document.js';
import { readTable } from './read-csv.js';
import type { Source } from './read-yaml.js';

/** A cell as the import reads it: text, as in a CSV file. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A date-formatted cell: the workbook stores a day, read as UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value).trim();
}

/**
 * Reads an XLSX import workbook: each sheet with rows is a units or an items table, the same
 * columns as the CSV files, told apart by its header row (empty sheets are skipped). Places are
 * named `sheet NAME, row N, column C`.
 */
export async function readXlsx(file: string, bytes: Uint8Array): Promise<Source[]> {
  let sheets;
  try {
    sheets = await readXlsxFile(Buffer.from(bytes), { trim: false });
  } catch {
    const problem: ImportProblem = { file, where: '', message: { key: 'import.badWorkbook' } };
    return [{ file, data: null, locate: () => '', problems: [problem] }];
  }
  const tables = sheets
    .map(({ sheet, data }) => ({ sheet, rows: data.map((row) => row.map(cellText)) }))
    .filter((table) => table.rows.some((row) => row.some((cell) => cell !== '')));
  if (tables.length === 0) return [{ file, data: null, locate: () => '', problems: [{ file, where: '', message: { key: 'import.emptyWorkbook' } }] }];
  return tables.map((table) => readTable(file, table.rows, table.sheet));
}
