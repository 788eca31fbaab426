import { describe, expect, it } from 'vitest';
import { rangesOf, runOf } from '../../src/services/tick-chunks.js';

describe('rangesOf', () => {
  it('cuts units in order into ranges of at most the size, from the start to the end of the codes', () => {
    expect(rangesOf([{ unit: 'A', items: 6 }, { unit: 'B', items: 6 }, { unit: 'C', items: 1 }], 10)).toEqual([
      { lo: '', hi: 'B', items: 6 },
      { lo: 'B', hi: null, items: 7 },
    ]);
  });

  it('never splits a unit: one larger than the size is a range of its own', () => {
    expect(rangesOf([{ unit: 'A', items: 2 }, { unit: 'B', items: 25 }, { unit: 'C', items: 3 }], 10)).toEqual([
      { lo: '', hi: 'B', items: 2 },
      { lo: 'B', hi: 'C', items: 25 },
      { lo: 'C', hi: null, items: 3 },
    ]);
    expect(rangesOf([{ unit: 'A', items: 25 }], 10)).toEqual([{ lo: '', hi: null, items: 25 }]);
  });

  it('is one range for everything when there are no items, or few', () => {
    expect(rangesOf([], 10)).toEqual([{ lo: '', hi: null, items: 0 }]);
    expect(rangesOf([{ unit: 'A', items: 5 }, { unit: 'B', items: 5 }], 10)).toEqual([{ lo: '', hi: null, items: 10 }]);
  });

  it('covers every item exactly once, whatever the sizes', () => {
    const units = Array.from({ length: 200 }, (_, i) => ({ unit: `U${String(i).padStart(3, '0')}`, items: 1 + ((i * 37) % 23) }));
    for (const size of [1, 7, 50, 1000]) {
      const ranges = rangesOf(units, size);
      expect(ranges.reduce((sum, range) => sum + range.items, 0)).toBe(units.reduce((sum, unit) => sum + unit.items, 0));
      expect(ranges[0]?.lo).toBe('');
      expect(ranges.at(-1)?.hi).toBeNull();
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.lo).toBe(ranges[i - 1]?.hi);
      // Only a unit alone may make a range larger than the size.
      for (const range of ranges) {
        const inside = units.filter((unit) => unit.unit >= range.lo && (range.hi === null || unit.unit < range.hi));
        expect(range.items <= size || inside.length === 1).toBe(true);
      }
    }
  });
});

describe('runOf', () => {
  it('is the minute a tick belongs to', () => {
    expect(runOf(new Date('2026-11-09T01:31:42.123Z')).toISOString()).toBe('2026-11-09T01:31:00.000Z');
  });
});
