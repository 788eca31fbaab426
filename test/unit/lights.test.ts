import { describe, expect, it } from 'vitest';
import { expectedProgress, lightOf, type LightInput } from '../../src/domain/lights.js';

const base: LightInput = {
  today: '2026-03-01',
  start: '2026-01-01',
  due: '2026-12-31',
  milestones: [],
  percent: 20,
  status: 'on_track',
  approval: 'none',
  silentWorkingDays: 0,
  remindAfter: 2,
  escalateAfter: 5,
  wasRedThisCycle: false,
};

describe('expected progress', () => {
  it.each([
    ['before the start', '2025-12-01', [], 0],
    ['half way, no milestones', '2026-01-11', [], 50],
    ['after the due date', '2026-02-01', [], 100],
    ['up to a milestone at 80 %', '2026-01-06', [{ due: '2026-01-11', percent: 80 }], 40],
    ['past that milestone', '2026-01-16', [{ due: '2026-01-11', percent: 80 }], 90],
    ['a milestone without a percentage is ignored', '2026-01-11', [{ due: '2026-01-06', percent: null }], 50],
  ] as const)('%s', (_name, today, milestones, expected) => {
    expect(expectedProgress(today, '2026-01-01', '2026-01-21', [...milestones])).toBeCloseTo(expected);
  });
});

describe('status light', () => {
  it.each<[string, Partial<LightInput>, string]>([
    ['grey before the start', { today: '2025-12-31' }, 'grey'],
    ['green when approved, even overdue', { today: '2027-01-05', approval: 'approved', percent: 100 }, 'green'],
    ['red when overdue and not approved', { today: '2027-01-01', percent: 100, approval: 'pending' }, 'red'],
    ['red when more than 30 points behind', { today: '2026-07-01', percent: 10 }, 'red'],
    ['red when silent past escalate_after', { silentWorkingDays: 5 }, 'red'],
    ['red when blocked', { status: 'blocked' }, 'red'],
    ['yellow when 10 to 30 points behind', { today: '2026-04-01', percent: 10 }, 'yellow'],
    ['yellow when silent past remind_after', { silentWorkingDays: 2 }, 'yellow'],
    ['yellow when the last claim was returned', { approval: 'returned' }, 'yellow'],
    ['yellow when at risk', { status: 'at_risk' }, 'yellow'],
    ['yellow when red earlier this cycle', { wasRedThisCycle: true }, 'yellow'],
    ['blue when due within 10 days', { today: '2026-12-22', percent: 99 }, 'blue'],
    ['a pending claim is not done: still blue near the due date', { today: '2026-12-25', percent: 100, status: 'done', approval: 'pending' }, 'blue'],
    ['green when on track', {}, 'green'],
  ])('%s', (_name, change, light) => {
    expect(lightOf({ ...base, ...change })).toBe(light);
  });
});
