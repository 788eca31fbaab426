import type { ImportProblem } from './document.js';
import { formatPath, type Source } from './read-yaml.js';

/** Columns of a year-end verdicts CSV (one verdict per row), with the Chinese headers of an office's sheet. */
const reviewColumns: Record<string, string> = {
  unit: 'unit', 单位: 'unit',
  year: 'year', 年度: 'year', 年份: 'year',
  item: 'item', code: 'item', 事项: 'item', 事项编号: 'item', 编号: 'item',
  verdict: 'verdict', 评定: 'verdict', 结论: 'verdict', 过堂结论: 'verdict',
  note: 'note', 备注: 'note', 说明: 'note',
};

const isBlank = (row: string[]) => row.every((cell) => cell === '');

/**
 * Reads a verdicts CSV (told apart by a `verdict` column) into the same document as the YAML
 * `reviews:` section; `null` for any other header.
 */
export function readReviewsCsv(file: string, header: string[], rows: string[][], inSheet = ''): Source | null {
  const names = header.map((cell) => cell.trim().toLowerCase());
  if (!names.some((name) => reviewColumns[name] === 'verdict')) return null;
  const problems: ImportProblem[] = [];
  const columns = names.map((name, index) => {
    const column = reviewColumns[name];
    if (!column && name !== '') problems.push({ file, where: `${inSheet}row 1, column ${header[index]}`, message: { key: 'import.unknownField', params: { field: header[index] ?? name } } });
    return column;
  });
  const places = new Map<string, number>();
  const reviews: Record<string, string>[] = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    places.set(formatPath(['reviews', reviews.length]), index + 2);
    reviews.push(Object.fromEntries(columns.flatMap((column, i) => (column && row[i] !== undefined && row[i] !== '' ? [[column, row[i] as string]] : []))));
  });
  const locate = (path: readonly PropertyKey[]) => {
    const row = places.get(formatPath(path.slice(0, 2)));
    if (row === undefined) return formatPath(path);
    const field = path[2];
    return `${inSheet}row ${row}${typeof field === 'string' ? `, column ${field}` : ''}`;
  };
  return { file, data: { reviews }, locate, problems };
}
