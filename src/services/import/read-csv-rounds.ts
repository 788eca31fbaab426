import type { ImportProblem } from './document.js';
import { formatPath, type Source } from './read-yaml.js';

/** Columns of a report-rounds CSV (one row per reporting unit; the round's columns repeat on each row). */
const roundColumns: Record<string, string> = {
  round: 'round', 轮次: 'round', 报告轮次: 'round', 轮次编号: 'round',
  kind: 'kind', 报告类型: 'kind', 类型: 'kind',
  unit: 'unit', 报告单位: 'unit', 单位: 'unit',
  period: 'period', 报告期: 'period', 期间: 'period',
  due: 'due', 报送时限: 'due', 截止日期: 'due',
  reviewers: 'reviewers', 评议人: 'reviewers',
  by: 'by', 发起单位: 'by',
};

const roundFields = ['kind', 'period', 'due', 'by'] as const;
const isBlank = (row: string[]) => row.every((cell) => cell === '');

/**
 * Reads a report-rounds CSV (told apart by a `round` column) into the same document as the YAML
 * `report_rounds:` section: rows of one round are merged, each unit named once per row; `null`
 * for any other header.
 */
export function readRoundsCsv(file: string, header: string[], rows: string[][], split: (cell: string) => string[], inSheet = ''): Source | null {
  const names = header.map((cell) => cell.trim().toLowerCase());
  if (!names.some((name) => roundColumns[name] === 'round')) return null;
  const problems: ImportProblem[] = [];
  const columns = names.map((name, index) => {
    const column = roundColumns[name];
    if (!column && name !== '') problems.push({ file, where: `${inSheet}row 1, column ${header[index]}`, message: { key: 'import.unknownField', params: { field: header[index] ?? name } } });
    return column;
  });
  const cellsOf = (row: string[]): Record<string, string> =>
    Object.fromEntries(columns.flatMap((column, i) => (column && row[i] !== undefined && row[i] !== '' ? [[column, row[i]]] : [])));
  const places = new Map<string, number>();
  const locate = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const row = places.get(formatPath(path.slice(0, depth)));
      if (row !== undefined) {
        const field = path[depth] ?? path[depth - 1];
        return `${inSheet}row ${row}${typeof field === 'string' ? `, column ${field}` : ''}`;
      }
    }
    return formatPath(path);
  };
  const rounds: (Record<string, unknown> & { units: string[] })[] = [];
  const byCode = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const { round: code, unit, reviewers, ...cells } = cellsOf(row);
    const key = (code ?? '').toLowerCase();
    let at = byCode.get(key);
    if (at === undefined) {
      at = rounds.length;
      byCode.set(key, at);
      places.set(formatPath(['report_rounds', at]), index + 2);
      const fields = Object.fromEntries(roundFields.flatMap((field) => (cells[field] === undefined ? [] : [[field, cells[field]]])));
      rounds.push({ code, ...fields, ...(reviewers !== undefined && { reviewers: split(reviewers) }), units: [] });
    }
    const round = rounds[at] as { units: string[] };
    places.set(formatPath(['report_rounds', at, 'units', round.units.length]), index + 2);
    round.units.push(unit ?? '');
  });
  return { file, data: { report_rounds: rounds }, locate, problems };
}
