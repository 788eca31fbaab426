import type { Approval, Cadence } from './vocabulary.js';
import type { WorkCalendar } from './calendar.js';
import { cycleOf, nextCycle, type Cycle } from './cycles.js';
import type { Policy } from './policy.js';
import { localDate, zonedInstant } from './time.js';

/** What the schedule needs to know of an item. */
export interface ScheduledItem {
  code: string;
  cadence: Cadence;
  start: string;
  due: string;
  closed: boolean;
  approval: Approval;
  percent: number | null;
  lastReportAt: Date | null;
  milestones: { position: number; title: string; due: string; percent: number | null; completed: boolean }[];
  policy: Policy;
  /**
   * When the first prompt after the last report (or since the start) reached the owners: silence
   * counts from it. Null when none did (not decided yet, its channel not set up, still queued,
   * refused), and then the item is not silent — nobody saw a prompt. Undefined when the caller
   * has no delivery record: silence then counts from the calendar's prompt day.
   */
  promptedAt?: Date | null;
}

export interface ScheduleContext {
  now: Date;
  timeZone: string;
  calendar: WorkCalendar;
}

/** The step of the escalation ladder: 0 the owners, 1 the unit head, 2 the parent unit's supervisor. */
export type Level = 0 | 1 | 2;

/**
 * Something the schedule says is due by now. `key` is unique for what it names, so that deciding
 * again (the same tick twice, two replicas) finds it already done.
 */
export type Due =
  | { kind: 'prompt'; key: string; at: Date; cycle: Cycle }
  | { kind: 'silence'; level: Level; key: string; at: Date; cycle: Cycle; silentSince: Date; silentDays: number }
  | { kind: 'overdue'; level: Level; key: string; at: Date; dueDate: string; overdueDays: number; milestone?: { position: number; title: string } };

const max = (a: string, b: string) => (a > b ? a : b);

/**
 * The prompt day of a cycle for an item: the first working day of the cycle on or after the
 * item's start, or null (a cycle entirely off, or one that begins after the item is due).
 */
function promptDay(item: Pick<ScheduledItem, 'start' | 'due'>, cycle: Cycle, calendar: WorkCalendar): string | null {
  const day = calendar.firstWorkingDayIn(max(cycle.start, item.start), cycle.end);
  return day !== null && day <= item.due ? day : null;
}

/** A silent spell: since the prompt (day and instant) of the first unanswered cycle, and how many working days it has lasted. */
export interface SilentSpell {
  cycle: Cycle;
  day: string;
  since: Date;
  days: number;
}

/**
 * Whether an item is silent at `now` (SPEC §2.4a): silence runs from the prompt of the first
 * cycle after the last report (or from the start) that had a prompt — the one delivered, when
 * `promptedAt` says — until the next report; it carries over from cycle to cycle. Null when the
 * item is not silent.
 */
export function silentSpell(item: Pick<ScheduledItem, 'cadence' | 'start' | 'due' | 'lastReportAt' | 'policy' | 'promptedAt'>, context: ScheduleContext): SilentSpell | null {
  const { now, timeZone, calendar } = context;
  const today = localDate(now, timeZone);
  if (item.promptedAt === null) return null;
  if (item.promptedAt) {
    if (item.promptedAt > now) return null;
    const day = localDate(item.promptedAt, timeZone);
    return { cycle: cycleOf(item.cadence, day), day, since: item.promptedAt, days: calendar.workingDaysBetween(day, today) };
  }
  const lastReport = item.lastReportAt ? localDate(item.lastReportAt, timeZone) : null;
  let cycle = lastReport ? nextCycle(item.cadence, cycleOf(item.cadence, lastReport)) : cycleOf(item.cadence, item.start);
  let day = promptDay(item, cycle, calendar);
  for (let i = 0; day === null && cycle.start <= today && i < 60; i++) {
    cycle = nextCycle(item.cadence, cycle);
    day = promptDay(item, cycle, calendar);
  }
  if (day === null) return null;
  const since = zonedInstant(day, item.policy.promptTime, timeZone);
  return since <= now ? { cycle, day, since, days: calendar.workingDaysBetween(day, today) } : null;
}

/**
 * Everything due for an item at `now` (SPEC §2.4, §2.4a): the current cycle's prompt, unless the
 * cycle is answered; reminders (once per cycle) and escalations (once per silent spell) counted in
 * working days from the prompt that went unanswered; the same ladder for an overdue item and
 * overdue milestones. Nothing for an item not started, closed, approved or awaiting approval.
 *
 * @example
 * dueAt(item, { now, timeZone: 'Asia/Shanghai', calendar }).map((due) => due.key)
 * // ['prompt:NJ-01:2026-W48', 'silence0:NJ-01:2026-W47', 'silence1:NJ-01:2026-W46']
 */
export function dueAt(item: ScheduledItem, context: ScheduleContext): Due[] {
  const { now, timeZone, calendar } = context;
  const today = localDate(now, timeZone);
  if (item.closed || item.approval === 'approved' || item.approval === 'pending' || today < item.start) return [];
  const at = (date: string) => zonedInstant(date, item.policy.promptTime, timeZone);
  const lastReport = item.lastReportAt ? localDate(item.lastReportAt, timeZone) : null;
  const due: Due[] = [];

  const current = cycleOf(item.cadence, today);
  const currentPrompt = promptDay(item, current, calendar);
  // A report made early in a cycle, before its prompt, answers the cycle.
  const answered = lastReport !== null && lastReport >= current.start;
  if (currentPrompt && !answered && at(currentPrompt) <= now) {
    due.push({ kind: 'prompt', key: `prompt:${item.code}:${current.key}`, at: at(currentPrompt), cycle: current });
  }

  const spell = silentSpell(item, context);
  if (spell) {
    const { cycle: spellCycle, day: spellDay, since: silentSince, days: silentDays } = spell;
    const step = (level: Level, key: string, from: string, after: number, cycle: Cycle, within?: string) => {
      const day = calendar.addWorkingDays(from, after);
      if ((within === undefined || day <= within) && at(day) <= now) due.push({ kind: 'silence', level, key, at: at(day), cycle, silentSince, silentDays });
    };
    // The reminder comes once per cycle: in the spell's first cycle counted from the spell's
    // prompt, in later cycles from that cycle's own prompt, and only inside the cycle.
    const reminderFrom = current.key === spellCycle.key ? spellDay : currentPrompt;
    if (reminderFrom && current.start >= spellCycle.start) {
      step(0, `silence0:${item.code}:${current.key}`, reminderFrom, item.policy.remindAfter, current, current.end);
    }
    step(1, `silence1:${item.code}:${spellCycle.key}`, spellDay, item.policy.escalateAfter, spellCycle);
    step(2, `silence2:${item.code}:${spellCycle.key}`, spellDay, item.policy.escalateAgainAfter, spellCycle);
  }

  const overdue = (dueDate: string, keyPart: string, milestone?: { position: number; title: string }) => {
    if (today <= dueDate) return;
    const overdueDays = calendar.workingDaysBetween(dueDate, today);
    const ladder: [Level, number][] = [
      [0, item.policy.remindAfter],
      [1, item.policy.escalateAfter],
      [2, item.policy.escalateAgainAfter],
    ];
    for (const [level, after] of ladder) {
      // Counted from the first working day after the due date: nothing is late on a day off.
      const day = calendar.addWorkingDays(dueDate, Math.max(1, after));
      if (at(day) <= now) due.push({ kind: 'overdue', level, key: `overdue${level}:${keyPart}:${dueDate}`, at: at(day), dueDate, overdueDays, ...(milestone && { milestone }) });
    }
  };
  overdue(item.due, item.code);
  for (const milestone of item.milestones) {
    const met = milestone.completed || (milestone.percent !== null && item.percent !== null && item.percent >= milestone.percent);
    if (!met && milestone.due < item.due) overdue(milestone.due, `${item.code}#${milestone.position}`, { position: milestone.position, title: milestone.title });
  }
  return due;
}
