import { describe, expect, it } from 'vitest';
import { CIRCULAR_MODAL, CIRCULAR_OPEN, circularButton, circularMessage, circularModal, circularReminderMessage } from '../../../src/slack/blocks/circular-messages.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const locales = ['en', 'zh-CN'] as const;
const circular = {
  circular: 3,
  scope: 'JS-NJ',
  unit: 'JS-NJ',
  by: 'U0SUP',
  title: '关于 <!channel> R&D 的通报',
  text: '正文 & <@U0EVIL> <https://evil.example|click>',
  cases: [
    { code: 'JS-NJ-2026-C001', unit: 'JS-NJ-1', category: '违规 & <b>', measures: [{ form: 1, measure: '谈话提醒 <!here>', person: '张三 & 李四' }, { form: 2, measure: '批评教育' }] },
    { code: 'JS-NJ-2026-C002', unit: 'JS-NJ-2', category: '其他', measures: [] },
  ],
};
type Block = { type: string; block_id?: string; text?: { type: string; text: string }; element?: { options?: { value: string; text: { text: string } }[] } };

describe('circularReminderMessage', () => {
  it('names the holidays and the unit in the reader’s language, escaped', () => {
    for (const [locale, holiday] of [
      ['en', 'Spring Festival (春节)'],
      ['zh-CN', '春节'],
    ] as const) {
      const message = circularReminderMessage(locale, { unit: 'JS<NJ>', name: 'R&D <!channel>', supervisor: 'U0SUP', first_day_off: '2027-02-06', holidays: ['spring_festival'] });
      expect(message.text).toContain(holiday);
      expect(message.text).toContain('2027-02-06');
      expect(message.text).toContain('JS&lt;NJ&gt;');
      expect(message.text).toContain('R&amp;D &lt;!channel&gt;');
      expect(message.text).not.toContain('<!channel>');
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });
});

describe('circularMessage', () => {
  it('shows the title, the escaped text, the cited cases and who sent it', () => {
    for (const locale of locales) {
      const message = circularMessage(locale, circular);
      const blocks = message.blocks as Block[];
      expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: `📢 ${circular.title}` } });
      const body = JSON.stringify(blocks.slice(1));
      expect(body).toContain('正文 &amp; &lt;@U0EVIL&gt; &lt;https://evil.example|click&gt;');
      expect(body).not.toContain('<@U0EVIL>');
      expect(body).not.toContain('<!here>');
      expect(body).toContain('*JS-NJ-2026-C001* (JS-NJ-1) 违规 &amp; &lt;b&gt;');
      expect(body).toContain('张三 &amp; 李四');
      expect(body).toContain('<@U0SUP>');
      expect(message.text).toBe('📢 关于 &lt;!channel&gt; R&amp;D 的通报');
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(JSON.stringify(circularMessage('en', circular).blocks)).toContain('*Typical cases*');
    expect(JSON.stringify(circularMessage('zh-CN', circular).blocks)).toContain('及其下级单位发出的通报');
    expect(circularMessage('en', { ...circular, cases: [] }).blocks).toHaveLength(3);
  });

  it('stays within the limits with a long title, text and many cases', () => {
    for (const locale of locales) {
      const many = Array.from({ length: 200 }, (_, i) => ({ ...circular.cases[0]!, code: `JS-NJ-2026-C${i}` }));
      const message = circularMessage(locale, { ...circular, title: '标题&'.repeat(200), text: '<&>'.repeat(3000), cases: many });
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });
});

describe('circularModal', () => {
  it('asks for title, text, cases, scope and privacy, offering at most 100 units', () => {
    for (const [locale, title] of [
      ['en', 'Circular'],
      ['zh-CN', '通报'],
    ] as const) {
      const units = Array.from({ length: 150 }, (_, i) => ({ code: `JS-${i}`, name: `单位 ${'名'.repeat(100)}` }));
      const view = circularModal(locale, { units });
      expect(view).toMatchObject({ type: 'modal', callback_id: CIRCULAR_MODAL, title: { text: title } });
      const blocks = view.blocks as Block[];
      expect(blocks.map((b) => b.block_id)).toEqual(['title', 'text', 'cases', 'unit', 'anonymised']);
      const options = blocks.find((b) => b.block_id === 'unit')?.element?.options ?? [];
      expect(options).toHaveLength(100);
      expect(options[0]?.value).toBe('JS-0');
      expect(checkBlockKit('modal', { view })).toEqual([]);
    }
  });
});

describe('circularButton', () => {
  it('opens the modal, labelled in the reader’s language', () => {
    expect(circularButton('en')).toMatchObject({ type: 'button', action_id: CIRCULAR_OPEN, text: { text: 'Send a circular' } });
    expect(circularButton('zh-CN').text.text).toMatch(/[\u4e00-\u9fff]/);
  });
});
