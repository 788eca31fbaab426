import type { Locale } from './index.js';

/**
 * Where an import problem is (`sheet items, row 3, column due`, `row 3`, `line 8, lists[0].items[0].due`),
 * as the reader's language says it. The readers write positions in one fixed English shape; a
 * Chinese reader gets `工作表 items，第 3 行，due 列` and `第 8 行，lists[0].items[0].due`.
 */
export function positionIn(locale: Locale, where: string): string {
  if (locale === 'en' || where === '') return where;
  return where
    .split(', ')
    .map((part) => {
      const sheet = /^sheet (.+)$/.exec(part);
      if (sheet) return `工作表 ${sheet[1]}`;
      const row = /^(?:row|line) (\d+)$/.exec(part);
      if (row) return `第 ${row[1]} 行`;
      const column = /^column (.+)$/.exec(part);
      if (column) return `${column[1]} 列`;
      return part;
    })
    .join('，');
}
