import type { Light } from './lights.js';

/** What a digest needs to know of an item (its state as the exports show it). */
export interface DigestItem {
  unit: string;
  code: string;
  title: string;
  owners: string[];
  due: string;
  percent: number | null;
  light: Light;
  approval: string;
  closed: boolean;
  silentDays: number;
  lastReportAt: Date | null;
  /** The open listed-supervision order on it (挂牌督办), if any. */
  listed?: string | null;
}

export type LightCounts = Record<Light, number>;

export interface ChildRollup {
  unit: string;
  name: string;
  counts: LightCounts;
  items: number;
  /** Share (0–100) of the subtree's open items that are not silent: they reported this cycle or are not yet due to. */
  onTimeRate: number;
  /** The child's own list for the year is signed (coverage, 全覆盖). */
  signed: boolean;
}

/** A unit's weekly digest (SPEC §2.6), as numbers: rendered in Slack at send time. */
export interface Digest {
  unit: string;
  name: string;
  week: string;
  counts: LightCounts;
  total: number;
  changed: { code: string; title: string; percent: number | null }[];
  overdue: { code: string; title: string; due: string }[];
  silent: { owner: string; items: string[] }[];
  pending: number;
  children: ChildRollup[];
}

const LIGHTS: Light[] = ['red', 'yellow', 'blue', 'green', 'grey'];
const emptyCounts = (): LightCounts => ({ red: 0, yellow: 0, blue: 0, green: 0, grey: 0 });

export function countLights(items: DigestItem[]): LightCounts {
  const counts = emptyCounts();
  for (const item of items) counts[item.light]++;
  return counts;
}

/** What a child's line needs of its subtree's items, summed as the tree is walked: no item kept. */
export interface Rollup {
  counts: LightCounts;
  items: number;
  open: number;
  /** Open items that are not silent. */
  onTime: number;
}

export const emptyRollup = (): Rollup => ({ counts: emptyCounts(), items: 0, open: 0, onTime: 0 });

/** The rollup of some items. */
export function rollupOf(items: DigestItem[]): Rollup {
  const rollup = emptyRollup();
  for (const item of items) {
    rollup.counts[item.light]++;
    rollup.items++;
    if (item.closed) continue;
    rollup.open++;
    if (item.silentDays === 0) rollup.onTime++;
  }
  return rollup;
}

/** Two rollups as one (a unit's own and its children's). */
export function addRollups(a: Rollup, b: Rollup): Rollup {
  const counts = emptyCounts();
  for (const light of LIGHTS) counts[light] = a.counts[light] + b.counts[light];
  return { counts, items: a.items + b.items, open: a.open + b.open, onTime: a.onTime + b.onTime };
}

/** Worst first: more red, then more yellow, then the lower on-time rate. */
export const worstFirst = (a: ChildRollup, b: ChildRollup) => b.counts.red - a.counts.red || b.counts.yellow - a.counts.yellow || a.onTimeRate - b.onTimeRate || a.unit.localeCompare(b.unit);

/** A digest's lines for its children, from their subtrees' rollups, worst first. */
export function childLines(children: { unit: string; name: string; rollup: Rollup; signed: boolean }[]): ChildRollup[] {
  return children
    .map(({ unit, name, rollup, signed }) => ({
      unit,
      name,
      counts: rollup.counts,
      items: rollup.items,
      onTimeRate: rollup.open ? Math.round((100 * rollup.onTime) / rollup.open) : 100,
      signed,
    }))
    .sort(worstFirst);
}

/**
 * The digest of one unit for a week: its own items by light, what changed since `weekStart`,
 * overdue items, owners silent past `remindAfter` with their items, pending approvals, and one
 * line per child unit summarising the child's whole subtree (grandchildren folded in: `rollup`), worst first.
 *
 * @example
 * buildDigest({ unit, name, week, today, weekStart, own, children, pending, remindAfter: 2 })
 */
export function buildDigest(input: {
  unit: string;
  name: string;
  week: string;
  today: string;
  weekStart: Date;
  own: DigestItem[];
  children: { unit: string; name: string; rollup: Rollup; signed: boolean }[];
  pending: number;
  remindAfter: number;
}): Digest {
  const { own } = input;
  const bySeverity = (a: DigestItem, b: DigestItem) => LIGHTS.indexOf(a.light) - LIGHTS.indexOf(b.light) || a.code.localeCompare(b.code);
  const silent = new Map<string, string[]>();
  for (const item of [...own].sort(bySeverity)) {
    if (item.closed || item.silentDays < input.remindAfter) continue;
    for (const owner of item.owners) silent.set(owner, [...(silent.get(owner) ?? []), item.code]);
  }
  return {
    unit: input.unit,
    name: input.name,
    week: input.week,
    counts: countLights(own),
    total: own.length,
    changed: own
      .filter((item) => item.lastReportAt && item.lastReportAt >= input.weekStart)
      .sort(bySeverity)
      .map((item) => ({ code: item.code, title: item.title, percent: item.percent })),
    overdue: own
      .filter((item) => !item.closed && item.approval !== 'approved' && item.due < input.today)
      .sort((a, b) => a.due.localeCompare(b.due) || a.code.localeCompare(b.code))
      .map((item) => ({ code: item.code, title: item.title, due: item.due })),
    silent: [...silent].map(([owner, items]) => ({ owner, items })).sort((a, b) => b.items.length - a.items.length || a.owner.localeCompare(b.owner)),
    pending: input.pending,
    children: childLines(input.children),
  };
}
