import type { ImportProblem } from './document.js';
import { formatPath, type Source } from './read-yaml.js';

/** Columns of a findings CSV (one finding per row; the inspection's columns repeat on each row). */
const findingColumns: Record<string, string> = {
  inspection: 'inspection', 督查编号: 'inspection', 督查: 'inspection',
  kind: 'kind', 督查类型: 'kind', 类型: 'kind',
  unit: 'unit', 被督查单位: 'unit', 单位: 'unit',
  by: 'by', 督查单位: 'by',
  from: 'from', 开始日期: 'from',
  to: 'to', 结束日期: 'to',
  items: 'items', key_items: 'items', 重点事项: 'items',
  code: 'code', 问题编号: 'code', 编号: 'code',
  title: 'title', 问题: 'title', 标题: 'title',
  severity: 'severity', 严重程度: 'severity',
  item: 'item', 相关事项: 'item',
  owners: 'owners', 责任人: 'owners',
  requirement: 'requirement', 整改要求: 'requirement',
  due: 'due', 整改时限: 'due', 截止日期: 'due',
  cadence: 'cadence', 频次: 'cadence', 报送频次: 'cadence',
  start: 'start',
  closed: 'closed', 办结日期: 'closed',
};

/** Columns of a listed-supervision CSV (one order per row). */
const orderColumns: Record<string, string> = {
  code: 'code', 督办编号: 'code', 编号: 'code',
  subject: 'subject', 督办对象: 'subject', 督办事项: 'subject',
  by: 'by', 督办人: 'by',
  reason: 'reason', 挂牌原因: 'reason', 原因: 'reason',
  due: 'due', 督办时限: 'due', 截止日期: 'due',
  cadence: 'cadence', 频次: 'cadence', 报送频次: 'cadence',
};

// A sheet's empty rows are skipped, keeping the numbers of the others as the spreadsheet shows them.
const isBlank = (row: string[]) => row.every((cell) => cell === '');

const inspectionFields = ['kind', 'unit', 'by', 'from', 'to'] as const;

/**
 * Reads a findings CSV (told apart by an `inspection` column) or a listed-supervision CSV (a
 * `subject` column) into the same document as the YAML sections; `null` for any other header.
 */
export function readSupervisionCsv(file: string, header: string[], rows: string[][], split: (cell: string) => string[], inSheet = ''): Source | null {
  const names = header.map((cell) => cell.trim().toLowerCase());
  const kind = names.some((name) => findingColumns[name] === 'inspection') ? 'findings' : names.some((name) => orderColumns[name] === 'subject') ? 'orders' : null;
  if (!kind) return null;
  const problems: ImportProblem[] = [];
  const aliases = kind === 'findings' ? findingColumns : orderColumns;
  const columns = names.map((name, index) => {
    const column = aliases[name];
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

  if (kind === 'orders') {
    const supervision: Record<string, string>[] = [];
    rows.forEach((row, index) => {
      if (isBlank(row)) return;
      places.set(formatPath(['supervision', supervision.length]), index + 2);
      supervision.push(cellsOf(row));
    });
    return { file, data: { supervision }, locate, problems };
  }
  const inspections: (Record<string, unknown> & { findings: unknown[] })[] = [];
  const byCode = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const { inspection: code, items, owners, ...cells } = cellsOf(row);
    const key = (code ?? '').toLowerCase();
    let at = byCode.get(key);
    if (at === undefined) {
      at = inspections.length;
      byCode.set(key, at);
      places.set(formatPath(['inspections', at]), index + 2);
      const fields = Object.fromEntries(inspectionFields.flatMap((field) => (cells[field] === undefined ? [] : [[field, cells[field]]])));
      inspections.push({ code, ...fields, ...(items !== undefined && { items: split(items) }), findings: [] });
    }
    const inspection = inspections[at] as { findings: unknown[] };
    for (const field of inspectionFields) delete cells[field];
    places.set(formatPath(['inspections', at, 'findings', inspection.findings.length]), index + 2);
    inspection.findings.push({ ...cells, owners: owners === undefined ? undefined : split(owners) });
  });
  return { file, data: { inspections }, locate, problems };
}
