import type { ImportProblem } from './document.js';
import { formatPath, type Source } from './read-yaml.js';

/** Columns of a cases CSV: one row per disposition, the case's own columns repeated on each row. */
const caseColumns: Record<string, string> = {
  case: 'case', 案件编号: 'case', 案件: 'case',
  unit: 'unit', 单位: 'unit',
  opened: 'opened', 立案日期: 'opened', 立案时间: 'opened',
  source: 'source', 线索来源: 'source', 来源: 'source',
  category: 'category', 问题类别: 'category', 类别: 'category',
  primary: 'primary', primary_responsibility: 'primary', 主体责任: 'primary',
  supervisory: 'supervisory', supervisory_responsibility: 'supervisory', 监督责任: 'supervisory',
  concluded: 'concluded', 结案日期: 'concluded', 办结日期: 'concluded',
  person: 'person', 人员: 'person', 人员编号: 'person', 被处理人: 'person',
  form: 'form', 形态: 'form', 四种形态: 'form',
  measure: 'measure', 处理措施: 'measure', 措施: 'measure',
  decided: 'decided', 处理日期: 'decided', 处理时间: 'decided',
  accountability_target: 'accountability_target', 问责对象: 'accountability_target',
  accountability_responsibility: 'accountability_responsibility', 问责责任类型: 'accountability_responsibility',
  accountability_measure: 'accountability_measure', 问责方式: 'accountability_measure',
  accountability_decided: 'accountability_decided', 问责日期: 'accountability_decided',
};

const caseFields = ['unit', 'opened', 'source', 'category', 'primary', 'supervisory', 'concluded'] as const;

const isBlank = (row: string[]) => row.every((cell) => cell === '');

/**
 * Reads a cases CSV (told apart by a `case` or `form` column) into the same document as the YAML
 * `cases:` section: a row with a `person` is a disposition, a row with an `accountability_target`
 * an accountability decision (one row may carry both); `null` for any other header.
 */
export function readCasesCsv(file: string, header: string[], rows: string[][], inSheet = ''): Source | null {
  const names = header.map((cell) => cell.trim().toLowerCase());
  if (!names.some((name) => caseColumns[name] === 'case' || caseColumns[name] === 'form')) return null;
  const problems: ImportProblem[] = [];
  const columns = names.map((name, index) => {
    const column = caseColumns[name];
    if (!column && name !== '') problems.push({ file, where: `${inSheet}row 1, column ${header[index]}`, message: { key: 'import.unknownField', params: { field: header[index] ?? name } } });
    return column;
  });
  const cellsOf = (row: string[]): Record<string, string> =>
    Object.fromEntries(columns.flatMap((column, i) => (column && row[i] !== undefined && row[i] !== '' ? [[column, row[i]]] : [])));
  const places = new Map<string, { row: number; column?: string }>();
  const locate = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const found = places.get(formatPath(path.slice(0, depth)));
      if (found) {
        const field = path[depth] ?? path[depth - 1];
        const column = found.column ?? (typeof field === 'string' ? field : undefined);
        return `${inSheet}row ${found.row}${column ? `, column ${column}` : ''}`;
      }
    }
    return formatPath(path);
  };

  const cases: (Record<string, unknown> & { dispositions: unknown[]; accountability: unknown[] })[] = [];
  const byCode = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const rowNumber = index + 2;
    const cells = cellsOf(row);
    const code = cells.case;
    const key = (code ?? `\u0000${rowNumber}`).toLowerCase();
    let at = byCode.get(key);
    if (at === undefined) {
      at = cases.length;
      byCode.set(key, at);
      places.set(formatPath(['cases', at]), { row: rowNumber });
      places.set(formatPath(['cases', at, 'code']), { row: rowNumber, column: 'case' });
      const fields = Object.fromEntries(caseFields.flatMap((field) => (cells[field] === undefined ? [] : [[field, cells[field]]])));
      cases.push({ code, ...fields, dispositions: [], accountability: [] });
    } else {
      // The case's columns may repeat on later rows, or be left empty there; they may not differ.
      const found = cases[at] as Record<string, unknown>;
      for (const field of caseFields) {
        if (cells[field] === undefined) continue;
        if (found[field] === undefined) found[field] = cells[field];
        else if (found[field] !== cells[field]) {
          problems.push({ file, where: `${inSheet}row ${rowNumber}, column ${field}`, message: { key: 'import.caseRowsDisagree', params: { column: field, code: code ?? '' } } });
        }
      }
    }
    const found = cases[at] as { dispositions: unknown[]; accountability: unknown[] };
    if (cells.person !== undefined || cells.form !== undefined || cells.measure !== undefined || cells.decided !== undefined) {
      places.set(formatPath(['cases', at, 'dispositions', found.dispositions.length]), { row: rowNumber });
      found.dispositions.push({ person: cells.person, form: cells.form, measure: cells.measure, decided: cells.decided });
    }
    if (Object.keys(cells).some((column) => column.startsWith('accountability_'))) {
      const path = ['cases', at, 'accountability', found.accountability.length];
      places.set(formatPath(path), { row: rowNumber });
      for (const field of ['target', 'responsibility', 'measure', 'decided']) places.set(formatPath([...path, field]), { row: rowNumber, column: `accountability_${field}` });
      found.accountability.push({
        target: cells.accountability_target,
        responsibility: cells.accountability_responsibility,
        measure: cells.accountability_measure,
        decided: cells.accountability_decided,
      });
    }
  });
  return { file, data: { cases }, locate, problems };
}
