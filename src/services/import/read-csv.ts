import { parse } from 'csv-parse/sync';
import type { ImportProblem } from './document.js';
import { readCasesCsv } from './read-csv-cases.js';
import { readRoundsCsv } from './read-csv-rounds.js';
import { readReviewsCsv } from './read-csv-reviews.js';
import { readSupervisionCsv } from './read-csv-supervision.js';
import { formatPath, type Source } from './read-yaml.js';

/** Column names of a units CSV, with the Chinese headers an office's sheet may use. */
const unitColumns: Record<string, string> = {
  code: 'code', 编号: 'code', 单位编码: 'code', 单位代码: 'code',
  name: 'name', 名称: 'name', 单位名称: 'name',
  parent: 'parent', 上级: 'parent', 上级单位: 'parent',
  head: 'head', 主要负责人: 'head', 负责人: 'head',
  supervisor: 'supervisor', 监督人: 'supervisor', 纪检联系人: 'supervisor',
  channel: 'channel', 频道: 'channel',
};

/** Column names of an items CSV (one item per row); `unit_*` columns may define the unit inline. */
const itemColumns: Record<string, string> = {
  unit: 'unit', 单位: 'unit',
  year: 'year', 年度: 'year', 年份: 'year',
  code: 'code', 编号: 'code', 事项编号: 'code',
  title: 'title', 事项: 'title', 标题: 'title', 任务: 'title',
  responsibility: 'responsibility', 责任类型: 'responsibility',
  target: 'target', 目标要求: 'target', 目标: 'target',
  department: 'department', 责任部门: 'department',
  owners: 'owners', 责任人: 'owners',
  due: 'due', 完成时限: 'due', 截止日期: 'due',
  cadence: 'cadence', 频次: 'cadence', 报送频次: 'cadence',
  start: 'start', 开始日期: 'start',
  milestones: 'milestones', 节点: 'milestones', 时间节点: 'milestones',
  measures: 'measures', 具体措施: 'measures', 措施: 'measures',
  unit_name: 'unit_name', 单位名称: 'unit_name',
  unit_parent: 'unit_parent', 上级单位: 'unit_parent',
  unit_head: 'unit_head', 主要负责人: 'unit_head',
  unit_supervisor: 'unit_supervisor', 监督人: 'unit_supervisor',
  unit_channel: 'unit_channel', 频道: 'unit_channel',
};

// People and milestones are lists inside one cell: separated by ; ； 、 , ， or new lines.
const splitCell = (cell: string) => cell.split(/[;；、,，\n]+/).map((part) => part.trim()).filter(Boolean);

// A sheet's empty rows are skipped, keeping the numbers of the others as the spreadsheet shows them.
const isBlank = (row: string[]) => row.every((cell) => cell === '');

type Cells = Record<string, string | undefined>;
type Located = { row: number; column?: string };

/**
 * Reads a CSV import file: a units file (`code,name,parent,head,supervisor,channel`) or an
 * items file (`unit,year,code,title,…`, one item per row), told apart by the header row.
 * It becomes the same document as a YAML file, and `locate` names the row and column.
 */
export function readCsv(file: string, content: string): Source {
  let records: string[][];
  try {
    records = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    // csv-parse counts the records read before the one it failed in: that one is the next row.
    const { code, records: read = 0 } = error as { code?: string; records?: number };
    const message: ImportProblem['message'] =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? { key: 'import.csvQuoteNotClosed' }
        : code === 'CSV_INVALID_CLOSING_QUOTE'
          ? { key: 'import.csvBadQuote' }
          : { key: 'import.syntax', params: { reason: (error as Error).message } };
    return { file, data: null, locate: () => '', problems: [{ file, where: `row ${read + 1}`, message }] };
  }
  return readTable(file, records);
}

/**
 * Reads the rows of a units or an items table (a CSV file, or one sheet of an XLSX workbook, then
 * named in every place as `sheet NAME, row N`), header row first.
 */
export function readTable(file: string, records: string[][], sheet?: string): Source {
  const problems: ImportProblem[] = [];
  const inSheet = sheet === undefined ? '' : `sheet ${sheet}, `;
  const [header = [], ...rows] = records;
  const cases = readCasesCsv(file, header, rows, inSheet);
  if (cases) return cases;
  const supervision = readSupervisionCsv(file, header, rows, splitCell, inSheet);
  if (supervision) return supervision;
  const rounds = readRoundsCsv(file, header, rows, splitCell, inSheet);
  if (rounds) return rounds;
  const reviews = readReviewsCsv(file, header, rows, inSheet);
  if (reviews) return reviews;
  const names = header.map((cell) => cell.trim().toLowerCase());
  const isItems = names.some((name) => itemColumns[name] === 'title');
  const isUnits = !isItems && names.some((name) => unitColumns[name] === 'name');
  if (!isItems && !isUnits) {
    problems.push({ file, where: `${inSheet}row 1`, message: { key: 'import.csvHeader', params: { columns: header.join(', ') } } });
    return { file, data: null, locate: () => '', problems };
  }
  const aliases = isItems ? itemColumns : unitColumns;
  const columns = names.map((name, index) => {
    const column = aliases[name];
    // A sheet's trailing empty header cells are no columns.
    if (!column && name !== '') problems.push({ file, where: `${inSheet}row 1, column ${header[index]}`, message: { key: 'import.unknownField', params: { field: header[index] ?? name } } });
    return column;
  });
  const cellsOf = (row: string[]): Cells =>
    Object.fromEntries(columns.flatMap((column, i) => (column && row[i] !== undefined && row[i] !== '' ? [[column, row[i]]] : [])));

  const places = new Map<string, Located>();
  const place = (path: PropertyKey[], located: Located) => places.set(formatPath(path), located);
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

  if (isUnits) {
    const units: Cells[] = [];
    rows.forEach((row, index) => {
      if (isBlank(row)) return;
      place(['units', units.length], { row: index + 2 });
      units.push(cellsOf(row));
    });
    return { file, data: { units }, locate, problems };
  }

  const units: Cells[] = [];
  const unitIndex = new Map<string, number>();
  const lists: { unit?: string; year?: string; items: unknown[] }[] = [];
  const listIndex = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const rowNumber = index + 2;
    const cells = cellsOf(row);
    const { unit, year, unit_name, unit_parent, unit_head, unit_supervisor, unit_channel, owners, milestones, ...item } = cells;
    if (unit && unit_name && !unitIndex.has(unit)) {
      unitIndex.set(unit, units.length);
      place(['units', units.length], { row: rowNumber });
      units.push({ code: unit, name: unit_name, parent: unit_parent, head: unit_head, supervisor: unit_supervisor, channel: unit_channel });
    }
    const key = `${unit ?? ''}\u0000${year ?? ''}`;
    if (!listIndex.has(key)) {
      listIndex.set(key, lists.length);
      place(['lists', lists.length], { row: rowNumber });
      lists.push({ unit, year, items: [] });
    }
    const listNumber = listIndex.get(key) as number;
    const list = lists[listNumber] as { items: unknown[] };
    const path = ['lists', listNumber, 'items', list.items.length];
    place(path, { row: rowNumber });
    place([...path, 'owners'], { row: rowNumber, column: 'owners' });
    place([...path, 'milestones'], { row: rowNumber, column: 'milestones' });
    list.items.push({
      ...item,
      owners: owners === undefined ? undefined : splitCell(owners),
      milestones: milestones === undefined ? [] : parseMilestones(milestones, file, `${inSheet}row ${rowNumber}`, problems),
    });
  });
  lists.forEach((list, i) => {
    place(['lists', i, 'unit'], { ...(places.get(formatPath(['lists', i])) as Located), column: 'unit' });
    place(['lists', i, 'year'], { ...(places.get(formatPath(['lists', i])) as Located), column: 'year' });
  });
  return { file, data: units.length ? { units, lists } : { lists }, locate, problems };
}

/** `初稿@2016-01-31@50; 终稿@2016-02-29` → milestones. */
function parseMilestones(cell: string, file: string, row: string, problems: ImportProblem[]) {
  return cell
    .split(/[;；\n]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [title, due, percent, ...rest] = part.split('@').map((piece) => piece.trim());
      if (!title || !due || rest.length) {
        problems.push({ file, where: `${row}, column milestones`, message: { key: 'import.badMilestone', params: { text: part } } });
      }
      return percent === undefined ? { title, due } : { title, due, percent };
    });
}
