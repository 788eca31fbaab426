import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/digest.js';
import { digestMessage } from '../../../src/slack/blocks/digest.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const counts = { red: 2, yellow: 1, blue: 0, green: 3, grey: 0 };
const digest = (n: number): Digest => ({
  unit: 'JS-NJ',
  name: 'R&D <!channel> 办公室',
  week: '2026-W48',
  counts,
  total: 6,
  changed: Array.from({ length: n }, (_, i) => ({ code: `NJ-${i}`, title: `进展 & <b> ${'长'.repeat(200)}`, percent: i % 2 ? null : 50 })),
  overdue: Array.from({ length: n }, (_, i) => ({ code: `NJ-${i}`, title: `逾期 <!here> ${'长'.repeat(200)}`, due: '2026-11-01' })),
  silent: Array.from({ length: n }, (_, i) => ({ owner: `U0OWN${i}`, items: Array.from({ length: 50 }, (_, j) => `NJ-${j}`) })),
  pending: 3,
  children: Array.from({ length: n }, (_, i) => ({ unit: `JS-NJ-${i}`, name: `下级 & ${'名'.repeat(100)}`, counts, items: 6, onTimeRate: 80, signed: i % 2 === 0 })),
});
type Block = { type: string; text?: { text: string } };
const text = (blocks: unknown) => JSON.stringify(blocks);

describe('digestMessage', () => {
  it('gives the counts by light and each list, in the reader’s language, escaping names and titles', () => {
    for (const [locale, overdue] of [
      ['en', '*Overdue* (2)'],
      ['zh-CN', '*已逾期*（2）'],
    ] as const) {
      const message = digestMessage(locale, { ...digest(2), listed: [{ code: 'NJ-9', title: 'x', order: 'GP-1' }], uninspected: [{ unit: 'JS-NJ-1', name: 'a & b' }], anchor: { id: 7, hash: 'abc' } });
      const blocks = message.blocks as Block[];
      expect(blocks[0]?.type).toBe('header');
      expect(blocks[1]?.text?.text).toContain('🔴 2  🟡 1  🟢 3');
      expect(text(blocks)).toContain(overdue);
      expect(text(blocks)).toContain('<@U0OWN0>');
      expect(text(blocks)).toContain('逾期 &lt;!here&gt;');
      expect(text(blocks)).not.toContain('<!here>');
      expect(text(blocks.slice(1))).not.toContain('<!channel>');
      expect(message.text).toContain('R&amp;D &lt;!channel&gt;');
      expect(message.text).not.toContain('<!channel>');
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(digestMessage('zh-CN', digest(1)).blocks?.[0]).toMatchObject({ text: { text: expect.stringContaining('每周简报') } });
  });

  it('writes people as @id, not mentions, when mentions are off', () => {
    const message = digestMessage('en', { ...digest(1), mentions: false });
    expect(text(message.blocks)).toContain('@U0OWN0');
    expect(text(message.blocks)).not.toContain('<@U0OWN0>');
  });

  it('cuts a long list to its first 15 lines and counts the rest, within the limits', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const message = digestMessage(locale, digest(40));
      expect(checkBlockKit('message', message)).toEqual([]);
      const overdue = (message.blocks as Block[]).find((b) => b.text?.text.includes('NJ-0') && b.text.text.includes('2026-11-01'))?.text?.text ?? '';
      expect(overdue).toContain('NJ-14');
      expect(overdue).not.toMatch(/NJ-15\b/);
    }
    // The silent owners’ lines are long (up to 300 characters of codes each): fewer are shown, and the rest still counted.
    const silent = (digestMessage('en', digest(40)).blocks as Block[]).find((b) => b.text?.text.startsWith('*Owners who did not report*'))?.text?.text ?? '';
    const lines = silent.split('\n');
    expect(lines.at(-1)).toMatch(/^… and \d+ more$/);
    expect(lines.length - 2 + Number(lines.at(-1)?.match(/\d+/)?.[0])).toBe(40);
    expect(text(digestMessage('en', digest(40)).blocks)).toContain('… and 25 more');
    expect(text(digestMessage('zh-CN', digest(40)).blocks)).toContain('……另有 25 项');
  });

  it('says there is nothing when the unit has no items', () => {
    const empty = { ...digest(0), total: 0, pending: 0, counts: { red: 0, yellow: 0, blue: 0, green: 0, grey: 0 } };
    expect(text(digestMessage('en', empty).blocks)).toContain('Nothing to report.');
    expect(digestMessage('en', empty).blocks?.[1]).toMatchObject({ text: { text: '0 item(s): —' } });
  });

  it('names last year’s items without a verdict, the first ones and how many more, escaped', () => {
    const items = Array.from({ length: 15 }, (_, i) => ({ unit: 'JS-NJ', code: `NJ-${i}`, title: `未评定 <!here> ${'长'.repeat(100)}` }));
    for (const [locale, heading, more] of [
      ['en', '*Items of 2026 without a year-end verdict (40)*', '… and 25 more'],
      ['zh-CN', '*2026 年度尚无年终评定的事项（40）*', '……另有 25 项'],
    ] as const) {
      const message = digestMessage(locale, { ...digest(1), unreviewed: { year: 2026, count: 40, items } });
      const json = text(message.blocks);
      expect(json).toContain(heading);
      expect(json).toContain('*NJ-0*');
      expect(json).not.toContain('<!here>');
      expect(json).toContain(more);
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(text(digestMessage('en', digest(1)).blocks)).not.toContain('year-end verdict');
  });
});
