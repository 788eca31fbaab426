import type { Approval, ReportStatus } from './vocabulary.js';

export type Light = 'grey' | 'blue' | 'green' | 'yellow' | 'red';

/** The settings of the light rule (SPEC §2.6). */
export interface LightThresholds {
  /** Points behind expected progress from which an item is red. */
  redBehind: number;
  /** Points behind expected progress from which an item is yellow. */
  yellowBehind: number;
  /** Days before the due date within which an unfinished item is blue (临期). */
  dueSoonDays: number;
}

export const defaultThresholds: LightThresholds = { redBehind: 30, yellowBehind: 10, dueSoonDays: 10 };

export interface LightInput {
  today: string;
  start: string;
  due: string;
  milestones: { due: string; percent: number | null }[];
  percent: number | null;
  status: ReportStatus | null;
  approval: Approval;
  /** Working days the item has been silent (0 when it reported this cycle). */
  silentWorkingDays: number;
  remindAfter: number;
  escalateAfter: number;
  /** It was red earlier in this cycle and has caught up since: the lag stays on record. */
  wasRedThisCycle: boolean;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/**
 * Expected progress (序时进度) on a day: linear from 0 % at the start to 100 % at the due date,
 * through each milestone's planned percentage where milestones give one.
 *
 * @example
 * expectedProgress('2026-01-11', '2026-01-01', '2026-01-21', []) // 50
 */
export function expectedProgress(today: string, start: string, due: string, milestones: { due: string; percent: number | null }[]): number {
  const points = [
    { day: dayNumber(start), percent: 0 },
    ...milestones
      .filter((m): m is { due: string; percent: number } => m.percent !== null)
      .map((m) => ({ day: dayNumber(m.due), percent: m.percent }))
      .sort((a, b) => a.day - b.day),
    { day: dayNumber(due), percent: 100 },
  ];
  const now = dayNumber(today);
  if (now <= (points[0] as { day: number }).day) return 0;
  for (let i = 1; i < points.length; i++) {
    const [from, to] = [points[i - 1] as { day: number; percent: number }, points[i] as { day: number; percent: number }];
    if (now <= to.day) {
      const span = to.day - from.day;
      return span <= 0 ? to.percent : from.percent + ((to.percent - from.percent) * (now - from.day)) / span;
    }
  }
  return 100;
}

/**
 * The status light of an item: the first rule that matches wins (SPEC §2.6). A claim awaiting
 * approval is not done.
 */
export function lightOf(item: LightInput, thresholds: LightThresholds = defaultThresholds): Light {
  if (item.today < item.start) return 'grey';
  if (item.approval === 'approved') return 'green';
  const behind = expectedProgress(item.today, item.start, item.due, item.milestones) - (item.percent ?? 0);
  if (item.today > item.due || behind > thresholds.redBehind || item.silentWorkingDays >= item.escalateAfter || item.status === 'blocked') {
    return 'red';
  }
  if (
    behind >= thresholds.yellowBehind ||
    item.silentWorkingDays >= item.remindAfter ||
    item.approval === 'returned' ||
    item.status === 'at_risk' ||
    item.wasRedThisCycle
  ) {
    return 'yellow';
  }
  if (dayNumber(item.due) - dayNumber(item.today) <= thresholds.dueSoonDays) return 'blue';
  return 'green';
}
