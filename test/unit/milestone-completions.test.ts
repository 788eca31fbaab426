import { describe, expect, it } from 'vitest';
import { keepCompletions } from '../../src/domain/milestone-completions.js';
import { parseMilestoneLines } from '../../src/domain/milestone-lines.js';

const at = new Date('2026-11-20T02:00:00Z');
const m = (title: string, completed: Date | null = null) => ({ title, due: '2026-12-01', percent: null, completed_at: completed });

describe('keepCompletions', () => {
  it.each([
    { name: 'same milestones', before: [m('A', at), m('B')], after: ['A', 'B'], kept: [at, null] },
    { name: 'moved: matched by title', before: [m('A', at), m('B')], after: ['N', 'A', 'B'], kept: [null, at, null] },
    { name: 'renamed: matched by position', before: [m('A', at), m('B')], after: ['A2', 'B'], kept: [at, null] },
    { name: 'removed: its completion goes', before: [m('A', at), m('B')], after: ['B'], kept: [null] },
    { name: 'position taken by a title kept elsewhere', before: [m('A', at), m('B')], after: ['B', 'C'], kept: [null, null] },
    { name: 'a repeated title matched once', before: [m('A', at)], after: ['A', 'A'], kept: [at, null] },
  ])('$name', ({ before, after, kept }) => {
    expect(keepCompletions(before, after.map((title) => ({ title, due: '2026-12-01', percent: null })))).toEqual(kept);
  });
});

describe('parseMilestoneLines', () => {
  it.each([
    { text: '2026-06-30 完成第一轮检查 50%', rows: [{ due: '2026-06-30', title: '完成第一轮检查', percent: 50 }], problems: [] },
    { text: '\n2026-06-30 定稿\n\n', rows: [{ due: '2026-06-30', title: '定稿' }], problems: [] },
    { text: 'tomorrow', rows: [], problems: [{ line: 1, text: 'tomorrow' }] },
  ])('$text', ({ text, rows, problems }) => {
    expect(parseMilestoneLines(text)).toEqual({ rows, problems });
  });
});
