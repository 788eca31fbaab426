import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

export type ExportFormat = 'csv' | 'json';

const cell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
};

/**
 * Writes rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese
 * correctly; lists joined with ";", details as JSON) or as one JSON array. Streams either way.
 *
 * @returns the number of rows written.
 */
export async function writeRows<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  let count = 0;
  const counted = async function* () {
    for await (const row of rows) {
      count++;
      yield row;
    }
  };
  if (format === 'csv') {
    const records = async function* () {
      for await (const row of counted()) yield columns.map((column) => cell(row[column]));
    };
    await pipeline(Readable.from(records()), stringify({ bom: true, header: true, columns: [...columns] }), out, { end: false });
    return count;
  }
  const json = async function* () {
    yield '[';
    for await (const row of counted()) {
      const picked = Object.fromEntries(columns.map((column) => [column, row[column]]));
      yield `${count === 1 ? '\n' : ',\n'}${JSON.stringify(picked)}`;
    }
    yield count ? '\n]\n' : ']\n';
  };
  await pipeline(Readable.from(json()), out, { end: false });
  return count;
}
