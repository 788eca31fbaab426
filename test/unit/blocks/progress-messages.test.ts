import { describe, expect, it } from 'vitest';
import { problemReply, recordedReply, reportNotice } from '../../../src/slack/blocks/progress-messages.js';
import { REPORT_BUTTON } from '../../../src/slack/blocks/report-button.js';
import { ITEM_MENU } from '../../../src/slack/blocks/item-edit-modal.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const base = { code: 'NJ-01', title: 'R&D <!channel> 台账', percent: 40, status: 'on_track' as const, note: 'note & <@U0EVIL>', repeated: false };

describe('recordedReply', () => {
  it('confirms in the reader’s language, plain in the fallback and escaped in the block', () => {
    const en = recordedReply('en', base);
    expect(en.text).toContain('Recorded for NJ-01 R&D <!channel> 台账: 40%');
    const block = JSON.stringify(en.blocks);
    expect(block).toContain('R&amp;D &lt;!channel&gt;');
    expect(block).not.toContain('<!channel>');
    expect(block).not.toContain('<@U0EVIL>');
    const zh = recordedReply('zh-CN', base);
    expect(zh.text).toContain('已记录 NJ-01');
    for (const reply of [en, zh]) expect(checkBlockKit('message', reply)).toEqual([]);
  });

  it('says when it was a repeat, and names the decider when it awaits approval', () => {
    expect(recordedReply('en', { ...base, repeated: true }).text).toContain('already recorded');
    expect(recordedReply('zh-CN', { ...base, repeated: true }).text).toContain('已记录过');
    const waiting = recordedReply('en', { ...base, awaitingApproval: true, decider: 'U0HEAD' });
    expect(JSON.stringify(waiting.blocks)).toContain('<@U0HEAD>');
  });

  it('stays within the limits with a huge title and note', () => {
    const reply = recordedReply('zh-CN', { ...base, title: '&'.repeat(5000), note: '<'.repeat(5000) });
    expect(checkBlockKit('message', reply)).toEqual([]);
  });
});

describe('problemReply', () => {
  it('escapes the text in the block and keeps it within the limits', () => {
    const reply = problemReply('No item <!here> & more');
    expect(reply.text).toBe('No item <!here> & more');
    expect(JSON.stringify(reply.blocks)).toContain('⚠️ No item &lt;!here&gt; &amp; more');
    expect(checkBlockKit('message', problemReply('&'.repeat(10000)))).toEqual([]);
  });
});

describe('reportNotice', () => {
  const notice = { item: 'NJ-01', title: 'R&D <!channel>', actor: 'U0REP', percent: 60, status: 'at_risk' as const, note: 'n', evidence_url: 'https://example.org/r.pdf' };

  it('mentions the reporter, escapes the title, links the evidence, and offers the report button and item menu', () => {
    for (const [locale, word] of [
      ['en', 'reported on'],
      ['zh-CN', '报告了'],
    ] as const) {
      const message = reportNotice(locale, notice);
      expect(message.text).toContain('<@U0REP>');
      expect(message.text).toContain(word);
      expect(message.text).toContain('R&amp;D &lt;!channel&gt;');
      expect(message.text).not.toContain('<!channel>');
      expect(JSON.stringify(message.blocks)).toContain('<https://example.org/r.pdf|');
      const actions = message.blocks?.find((b) => b.type === 'actions') as { elements: { action_id: string; value?: string }[] };
      expect(actions.elements.map((e) => e.action_id)).toEqual([REPORT_BUTTON, ITEM_MENU]);
      expect(actions.elements[0]?.value).toBe('NJ-01');
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });

  it('shows a non-web evidence address only as text, and stays within the limits', () => {
    const message = reportNotice('en', { ...notice, evidence_url: 'javascript:alert(1)', note: '&'.repeat(5000), title: '<'.repeat(5000) });
    expect(JSON.stringify(message.blocks)).not.toContain('<javascript');
    expect(checkBlockKit('message', message)).toEqual([]);
    expect(reportNotice('en', { item: 'NJ-01', title: 't', actor: 'U0REP' }).blocks?.some((b) => b.type === 'context')).toBe(false);
  });
});
