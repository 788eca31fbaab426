import { describe, expect, it } from 'vitest';
import { LanePacer } from '../../src/outbox/pacing.js';

type Step =
  | { at: number; record: string }
  | { at: number; hold: string; ms: number }
  | { at: number; prune: true; size: number }
  | { at: number; waitFor: string; expect: number };

function run(intervalMs: number, steps: Step[]): void {
  let now = 0;
  const pacer = new LanePacer({ intervalMs, now: () => now });
  for (const step of steps) {
    now = step.at;
    if ('record' in step) pacer.record(step.record);
    else if ('hold' in step) pacer.hold(step.hold, step.ms);
    else if ('prune' in step) {
      pacer.prune();
      expect(pacer.size, `size after prune at ${step.at}`).toBe(step.size);
    } else expect(pacer.waitFor(step.waitFor), `waitFor(${step.waitFor}) at ${step.at}`).toBe(step.expect);
  }
}

describe('LanePacer', () => {
  it.each<[string, number, Step[]]>([
    ['a lane never called may go at once', 1000, [{ at: 0, waitFor: 'C1', expect: 0 }]],
    [
      'after a call the lane waits the interval, counted from the call',
      1000,
      [
        { at: 100, record: 'C1' },
        { at: 100, waitFor: 'C1', expect: 1000 },
        { at: 600, waitFor: 'C1', expect: 500 },
        { at: 1099, waitFor: 'C1', expect: 1 },
        { at: 1100, waitFor: 'C1', expect: 0 },
        { at: 5000, waitFor: 'C1', expect: 0 },
      ],
    ],
    [
      'lanes are independent',
      1000,
      [
        { at: 0, record: 'C1' },
        { at: 10, waitFor: 'C2', expect: 0 },
        { at: 10, record: 'C2' },
        { at: 500, waitFor: 'C1', expect: 500 },
        { at: 500, waitFor: 'C2', expect: 510 },
      ],
    ],
    [
      'a hold (Retry-After) outlasts the interval',
      1000,
      [
        { at: 0, record: 'C1' },
        { at: 0, hold: 'C1', ms: 3000 },
        { at: 1500, waitFor: 'C1', expect: 1500 },
        { at: 3000, waitFor: 'C1', expect: 0 },
      ],
    ],
    [
      'a call recorded during a hold does not shorten it',
      1000,
      [
        { at: 0, hold: 'C1', ms: 5000 },
        { at: 100, record: 'C1' },
        { at: 100, waitFor: 'C1', expect: 4900 },
      ],
    ],
    [
      'a short hold does not shorten the interval either',
      1000,
      [
        { at: 0, record: 'C1' },
        { at: 0, hold: 'C1', ms: 200 },
        { at: 300, waitFor: 'C1', expect: 700 },
      ],
    ],
    [
      'a hold on a lane never called',
      1000,
      [
        { at: 0, hold: 'D1', ms: 2000 },
        { at: 0, waitFor: 'D1', expect: 2000 },
        { at: 0, waitFor: 'C1', expect: 0 },
      ],
    ],
    [
      'a negative hold counts as none',
      1000,
      [
        { at: 0, hold: 'C1', ms: -50 },
        { at: 0, waitFor: 'C1', expect: 0 },
      ],
    ],
    [
      'an interval of 0 never waits',
      0,
      [
        { at: 0, record: 'C1' },
        { at: 0, waitFor: 'C1', expect: 0 },
      ],
    ],
    [
      'prune forgets only the lanes that are free again',
      1000,
      [
        { at: 0, record: 'C1' },
        { at: 500, record: 'C2' },
        { at: 600, hold: 'C3', ms: 10_000 },
        { at: 1000, prune: true, size: 2 },
        { at: 1499, prune: true, size: 2 },
        { at: 1500, prune: true, size: 1 },
        { at: 1500, waitFor: 'C3', expect: 9100 },
        { at: 10_600, prune: true, size: 0 },
      ],
    ],
  ])('%s', (_name, intervalMs, steps) => {
    run(intervalMs, steps);
  });

  it('refuses a negative interval', () => {
    expect(() => new LanePacer({ intervalMs: -1 })).toThrow(RangeError);
  });

  it('uses a monotonic clock by default', () => {
    const pacer = new LanePacer({ intervalMs: 60_000 });
    pacer.record('C1');
    const wait = pacer.waitFor('C1');
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});
