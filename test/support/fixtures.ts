import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Organisation documents (units, lists, items) as an import reads them, shared by the test files.
 * They are written as YAML text, as an admin writes them, so that each test also goes through the
 * import's reading and checking.
 */

/** The README's example organisation (examples/jiangsu-2016.yaml): 3 units, 3 items of 2016. */
export const examplePath = fileURLToPath(new URL('../../examples/jiangsu-2016.yaml', import.meta.url));
export const exampleYaml = readFileSync(examplePath, 'utf8');
/** A day inside the example's year, so that its items are open and on their way. */
export const EXAMPLE_NOW = new Date('2016-03-10T02:00:00Z');
/** Everyone the example names. */
export const EXAMPLE_PEOPLE = ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03OWN', 'U04OWN', 'U05OWN'];

export interface UnitFixture {
  code: string;
  name: string;
  parent?: string;
  head?: string;
  supervisor?: string;
  channel?: string;
}

export interface ItemFixture {
  code: string;
  title: string;
  responsibility?: 'primary' | 'supervisory';
  owners: string[];
  due: string;
  cadence?: 'weekly' | 'monthly' | 'quarterly';
  start?: string;
  milestones?: { title: string; due: string; percent?: number }[];
}

export interface ListFixture {
  unit: string;
  year: number;
  items: ItemFixture[];
}

/** The province and two cities used throughout the tests. */
export const JS: UnitFixture = { code: 'JS', name: '江苏省纪委', head: 'U01HEAD', supervisor: 'U01SUP' };
export const JS_NJ: UnitFixture = { code: 'JS-NJ', name: '南京市纪委', parent: 'JS', head: 'U02HEAD', supervisor: 'U01SUP' };
export const JS_SZ: UnitFixture = { code: 'JS-SZ', name: '苏州市纪委', parent: 'JS', head: 'U03HEAD', supervisor: 'U01SUP' };

/** A weekly primary item with the owners U03OWN and U04OWN, due at the end of 2026. */
export const weeklyItem = (code: string, start: string, over: Partial<ItemFixture> = {}): ItemFixture => ({
  code,
  title: '细化责任清单',
  responsibility: 'primary',
  owners: ['U03OWN', 'U04OWN'],
  due: '2026-12-31',
  cadence: 'weekly',
  start,
  ...over,
});

// Plain where YAML reads the text back as the same string (dates stay plain, as admins write them).
const plain = /^[\p{L}\p{N}_][\p{L}\p{N}_ .\-()（）、，。：“”]*$/u;
const scalar = (value: string | number): string => (typeof value === 'number' || (plain.test(value) && !value.endsWith(' ')) ? String(value) : JSON.stringify(value));
const flow = (fields: Record<string, string | number | string[] | Record<string, string | number>[] | undefined>): string =>
  `{ ${Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      if (!Array.isArray(value)) return `${key}: ${scalar(value as string | number)}`;
      return `${key}: [${value.map((entry) => (typeof entry === 'object' ? flow(entry) : scalar(entry))).join(', ')}]`;
    })
    .join(', ')} }`;

/** One item as a line of a list's `items:`. */
export const itemLine = (item: ItemFixture): string => `      - ${flow({ ...item, milestones: item.milestones })}`;

/**
 * An organisation document: units, then lists.
 *
 * @example
 * organisation({ units: [JS, JS_NJ], lists: [{ unit: 'JS-NJ', year: 2026, items: [weeklyItem('NJ-01', '2026-11-09')] }] })
 */
export function organisation(document: { units?: UnitFixture[]; lists?: ListFixture[] }): string {
  const lines: string[] = [];
  if (document.units?.length) lines.push('units:', ...document.units.map((unit) => `  - ${flow({ ...unit })}`));
  if (document.lists?.length) {
    lines.push('lists:');
    for (const list of document.lists) lines.push(`  - unit: ${list.unit}`, `    year: ${list.year}`, '    items:', ...list.items.map(itemLine));
  }
  return `${lines.join('\n')}\n`;
}

/** The province's patrol office (省委巡察办): it inspects JS-NJ in the supervision tests. */
export const JS_XC: UnitFixture = { code: 'JS-XC', name: '省委巡察办', parent: 'JS', head: 'U08HEAD', supervisor: 'U09SUP' };

/** JS-NJ's list of 2026 with one item, NJ-01, owned by U03OWN, reported from 2026-11-02 (monthly unless told). */
export const njList2026 = (cadence: ItemFixture['cadence'] = 'monthly'): ListFixture => ({
  unit: 'JS-NJ',
  year: 2026,
  items: [weeklyItem('NJ-01', '2026-11-02', { owners: ['U03OWN'], cadence })],
});

/** The supervision tests' organisation: JS, its patrol office JS-XC and JS-NJ, with JS-NJ's 2026 list. */
export const patrolOrganisation = organisation({ units: [JS, JS_XC, JS_NJ], lists: [njList2026()] });
