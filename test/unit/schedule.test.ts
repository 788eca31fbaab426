import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { dueAt, type ScheduledItem } from '../../src/domain/schedule.js';

const calendar = new WorkCalendar();
const at = (local: string) => new Date(`${local}+08:00`);
const item = (change: Partial<ScheduledItem> = {}): ScheduledItem => ({
  code: 'NJ-01',
  cadence: 'weekly',
  start: '2026-11-09',
  due: '2026-12-31',
  closed: false,
  approval: 'none',
  percent: null,
  lastReportAt: null,
  milestones: [],
  policy: defaultPolicy,
  ...change,
});
const keys = (scheduled: ScheduledItem, local: string) => dueAt(scheduled, { now: at(local), timeZone: 'Asia/Shanghai', calendar }).map((due) => due.key);

describe('what is due at an instant', () => {
  it.each<[string, Partial<ScheduledItem>, string, string[]]>([
    ['nothing before the start', { start: '2026-11-16' }, '2026-11-11T10:00:00', []],
    ['nothing before the prompt time', {}, '2026-11-09T09:29:00', []],
    ['the prompt at the prompt time', {}, '2026-11-09T09:30:00', ['prompt:NJ-01:2026-W46']],
    ['a prompt time of the unit or list', { policy: { ...defaultPolicy, promptTime: '14:00' } }, '2026-11-09T13:00:00', []],
    ['no prompt once the cycle is answered, even before the prompt', { lastReportAt: at('2026-11-09T08:00:00') }, '2026-11-11T10:00:00', []],
    ['the reminder after 2 working days of silence', {}, '2026-11-11T09:30:00', ['prompt:NJ-01:2026-W46', 'silence0:NJ-01:2026-W46']],
    ['a report resets the silence', { lastReportAt: at('2026-11-10T12:00:00') }, '2026-11-13T17:00:00', []],
    ['the unit head after 5 working days, with the next prompt', {}, '2026-11-16T09:30:00', ['prompt:NJ-01:2026-W47', 'silence1:NJ-01:2026-W46']],
    ['the second cycle’s own reminder', {}, '2026-11-18T09:30:00', ['prompt:NJ-01:2026-W47', 'silence0:NJ-01:2026-W47', 'silence1:NJ-01:2026-W46']],
    ['the parent’s supervisor after 10 working days', {}, '2026-11-23T09:30:00', ['prompt:NJ-01:2026-W48', 'silence1:NJ-01:2026-W46', 'silence2:NJ-01:2026-W46']],
    ['silence counted from the first unanswered cycle after the last report', { lastReportAt: at('2026-11-10T12:00:00') }, '2026-11-18T09:30:00', ['prompt:NJ-01:2026-W47', 'silence0:NJ-01:2026-W47']],
    ['thresholds of the unit or list', { policy: { ...defaultPolicy, remindAfter: 1 } }, '2026-11-10T09:30:00', ['prompt:NJ-01:2026-W46', 'silence0:NJ-01:2026-W46']],
    ['nothing for a closed item', { closed: true }, '2026-11-23T09:30:00', []],
    ['nothing for an item awaiting approval', { approval: 'pending' }, '2026-11-23T09:30:00', []],
    ['nothing for an approved item', { approval: 'approved' }, '2026-11-23T09:30:00', []],
    ['holidays do not count: the week of National Day is prompted on its first working day', { start: '2026-10-05' }, '2026-10-07T10:00:00', []],
    ['… Thursday the 8th', { start: '2026-10-05' }, '2026-10-08T09:30:00', ['prompt:NJ-01:2026-W41']],
    ['… and the reminder comes two working days later, on the adjusted working Saturday', { start: '2026-10-05' }, '2026-10-10T09:30:00', ['prompt:NJ-01:2026-W41', 'silence0:NJ-01:2026-W41']],
    ['monthly: the first working day of the month', { cadence: 'monthly', start: '2026-11-01' }, '2026-11-02T09:30:00', ['prompt:NJ-01:2026-11']],
    ['an overdue item: owners two working days after the due date', { due: '2026-11-13', lastReportAt: at('2026-11-12T10:00:00') }, '2026-11-17T09:30:00', ['overdue0:NJ-01:2026-11-13']],
    ['an overdue milestone not reached', { lastReportAt: at('2026-11-12T10:00:00'), percent: 20, milestones: [{ position: 0, title: '初稿', due: '2026-11-13', percent: 50, completed: false }] }, '2026-11-17T09:30:00', ['prompt:NJ-01:2026-W47', 'overdue0:NJ-01#0:2026-11-13']],
    ['a milestone reached by the reported percentage is not overdue', { lastReportAt: at('2026-11-12T10:00:00'), percent: 60, milestones: [{ position: 0, title: '初稿', due: '2026-11-13', percent: 50, completed: false }] }, '2026-11-17T09:30:00', ['prompt:NJ-01:2026-W47']],
    // Silence counts from a prompt that reached the owners (the tick knows it from the outbox).
    ['an item imported late with a past start: no prompt reached anyone yet, so only the prompt', { start: '2026-11-02', promptedAt: null }, '2026-11-11T10:00:00', ['prompt:NJ-01:2026-W46']],
    ['… nor later, while its channel is not set up: never a reminder about a prompt nobody saw', { start: '2026-11-02', promptedAt: null }, '2026-11-23T10:00:00', ['prompt:NJ-01:2026-W48']],
    ['… silence then counts from the prompt that reached its owners', { start: '2026-11-02', promptedAt: at('2026-11-11T10:00:00') }, '2026-11-13T10:00:00', ['prompt:NJ-01:2026-W46', 'silence0:NJ-01:2026-W46']],
    ['… and the unit head five working days after it', { start: '2026-11-02', promptedAt: at('2026-11-11T10:00:00') }, '2026-11-18T10:00:00', ['prompt:NJ-01:2026-W47', 'silence0:NJ-01:2026-W47', 'silence1:NJ-01:2026-W46']],
    ['… counted from the calendar when the caller has no delivery record', { start: '2026-11-02' }, '2026-11-11T10:00:00', ['prompt:NJ-01:2026-W46', 'silence0:NJ-01:2026-W46', 'silence1:NJ-01:2026-W45']],
    ['a prompt held until the next working morning counts from then', { promptedAt: at('2026-11-10T09:00:00') }, '2026-11-11T09:30:00', ['prompt:NJ-01:2026-W46']],
  ])('%s', (_name, change, local, expected) => {
    expect(keys(item(change), local)).toEqual(expected);
  });
});
