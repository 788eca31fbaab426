import { describe, expect, it } from 'vitest';
import type { RoundDigest } from '../../../src/domain/rounds.js';
import { roundDigestLines } from '../../../src/slack/blocks/round-digest.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const digest: RoundDigest = {
  code: 'JS-2026-DR',
  kind: 'dual_report',
  period: '2026-H1',
  due: '2026-07-10',
  counts: { on_time: 1, late: 1, missing: 1, pending: 0 },
  behind: ['JS-SZ', 'JS-WX'],
  ratings: { excellent: 0, good: 1, fair: 0, poor: 1 },
  unrated: 1,
};

describe('roundDigestLines', () => {
  it('counts the units, names those behind and lists only the ratings given', () => {
    expect(roundDigestLines('en', [digest])).toEqual([
      '• *JS-2026-DR* dual report (双报告) 2026-H1, due 2026-07-10: 1 on time, 1 late, 1 missing, 0 not yet due. Behind: JS-SZ, JS-WX. Ratings: Good (较好) 1, Poor (差) 1 (1 submitted, not yet rated).',
    ]);
  });

  it('writes a dash when nobody is behind and nothing is rated, in both languages', () => {
    const none = { ...digest, behind: [], ratings: { excellent: 0, good: 0, fair: 0, poor: 0 }, unrated: 0 };
    expect(roundDigestLines('en', [none])[0]).toContain('Behind: —. Ratings: —');
    expect(roundDigestLines('zh-CN', [none])[0]).toContain('JS-2026-DR');
    expect(roundDigestLines('en', [])).toEqual([]);
  });

  it('keeps a long list of units behind, and a code with mrkdwn in it, to one safe line', () => {
    const [line] = roundDigestLines('en', [{ ...digest, code: '*R*<!here>', behind: Array.from({ length: 500 }, (_, i) => `JS-U${i}`) }]);
    expect(line).not.toContain('<!here>');
    expect(line!.length).toBeLessThan(1000);
    expect(checkBlockKit('message', { text: 'digest', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] })).toEqual([]);
  });
});
