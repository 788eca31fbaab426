import { describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { EXTENSION_BUTTON } from '../../../src/slack/blocks/finding-modal.js';
import { ITEM_MENU } from '../../../src/slack/blocks/item-edit-modal.js';
import { REPORT_BUTTON } from '../../../src/slack/blocks/report-button.js';
import { LINE_BLOCKS_PER_MESSAGE, LINES_PER_MESSAGE } from '../../../src/outbox/messages.js';
import { SUBMIT_BUTTON } from '../../../src/slack/blocks/round-modal.js';
import { escalationMessage, escalationsMessage, promptMessage, promptsMessage, reminderMessage, remindersMessage, reminderThreadMessage, reminderThreadsMessage, type ScheduledPayload } from '../../../src/slack/blocks/schedule-messages.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const p: ScheduledPayload = { unit: 'JS-NJ', item: 'NJ-01', title: 'R&D <!channel> 台账', due: '2026-12-31', owners: ['U0A', 'U0B'] };
const locales = ['en', 'zh-CN'] as const;
type Actions = { type: string; elements?: { action_id: string; value?: string }[] };
const actionIds = (m: { blocks?: unknown[] }) => ((m.blocks as Actions[]).find((b) => b.type === 'actions')?.elements ?? []).map((e) => e.action_id);

describe('promptMessage', () => {
  it('names the item escaped, mentions the owners, and carries the report button and item menu', () => {
    for (const locale of locales) {
      const message = promptMessage(locale, p);
      expect(message.text).toContain('*NJ-01* R&amp;D &lt;!channel&gt;');
      expect(message.text).not.toContain('<!channel>');
      expect(message.text).toContain('<@U0A> <@U0B>');
      expect(actionIds(message)).toEqual([REPORT_BUTTON, ITEM_MENU]);
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(promptMessage('zh-CN', p).text).toContain('进展督促');
    expect(promptMessage('en', { ...p, owners: [] }).text).toContain('no owner');
    expect(promptMessage('zh-CN', { ...p, owners: [] }).text).toContain('无责任人');
  });

  it('adds the extension button and the marks for a finding or a listed subject, escaped', () => {
    const message = promptMessage('en', { ...p, inspection: 'XC<1>', order: 'GP&2' });
    expect(actionIds(message)).toEqual([REPORT_BUTTON, EXTENSION_BUTTON, ITEM_MENU]);
    expect(message.text).toContain('inspection XC&lt;1&gt;');
    expect(message.text).toContain('order GP&amp;2');
  });

  it('stays within the limits with a huge title and many owners', () => {
    for (const locale of locales) {
      const message = promptMessage(locale, { ...p, title: '&'.repeat(5000), owners: Array.from({ length: 300 }, (_, i) => `U0${i}`) });
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });
});

describe('reminderMessage', () => {
  it('speaks of silence, an overdue item, or an overdue milestone, with the report button', () => {
    for (const locale of locales) {
      const silence = reminderMessage(locale, { ...p, reason: 'silence', silent_days: 7 });
      expect(silence.text).toBe(t(locale, 'schedule.reminderSilence', { code: 'NJ-01', title: 'R&amp;D &lt;!channel&gt; 台账', days: 7 }));
      expect(actionIds(silence)).toEqual([REPORT_BUTTON]);
      const overdue = reminderMessage(locale, { ...p, reason: 'overdue', overdue_days: 3, due_date: '2026-11-30' });
      expect(overdue.text).toContain('2026-11-30');
      const milestone = reminderMessage(locale, { ...p, reason: 'overdue', milestone: '初稿 <!here>', overdue_days: 2 });
      expect(milestone.text).toContain('初稿 &lt;!here&gt;');
      for (const m of [silence, overdue, milestone]) expect(checkBlockKit('message', m)).toEqual([]);
    }
    expect(reminderMessage('zh-CN', { ...p, reason: 'silence', silent_days: 7 }).text).toContain('7 个工作日未报告');
  });
});

describe('reminderThreadMessage', () => {
  it('mentions the owners in the thread, with no buttons', () => {
    for (const locale of locales) {
      const message = reminderThreadMessage(locale, { ...p, silent_days: 4 });
      expect(message.text).toContain('<@U0A> <@U0B>');
      expect(message.text).not.toContain('<!channel>');
      expect(actionIds(message)).toEqual([]);
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });
});

describe('escalationMessage', () => {
  it('tells the head (level 1) or the parent supervisor (level 2), with the steps taken', () => {
    for (const locale of locales) {
      const head = escalationMessage(locale, { ...p, level: 1, reason: 'silence', silent_days: 10, reminded: true });
      expect(head.text).toContain(t(locale, 'schedule.reminded'));
      expect(head.text).toContain('JS-NJ');
      const supervisor = escalationMessage(locale, { ...p, level: 2, to: 'U0SUP', reason: 'overdue', overdue_days: 5, reminded: false, head_told: true, milestone: 'M & 1' });
      expect(supervisor.text).toContain('<@U0SUP>');
      expect(supervisor.text).toContain(t(locale, 'schedule.notRemindedHeadTold'));
      expect(supervisor.text).toContain('M &amp; 1');
      for (const m of [head, supervisor]) {
        expect(m.text).not.toContain('<!channel>');
        expect(actionIds(m)).toEqual([]);
        expect(checkBlockKit('message', m)).toEqual([]);
      }
    }
    const unknown = escalationMessage('en', { ...p, level: 1, reason: 'silence', silent_days: 10 });
    expect(unknown.text).not.toContain('reminded');
  });
});

describe('grouped prompts and reminders', () => {
  const line = (code: string, over: Partial<ScheduledPayload> = {}) => ({ item: code, title: `标题 ${code} R&D`, due: '2026-12-31', owners: ['U0A'], cycle: '2026-W46', ...over });
  const accessories = (m: { blocks?: unknown[] }) => (m.blocks as { accessory?: { action_id: string; value: string } }[]).flatMap((b) => (b.accessory ? [b.accessory] : []));

  it('promptsMessage: the owners named once at the top, a line and a button per item, escaped, in both languages', () => {
    for (const locale of locales) {
      const message = promptsMessage(locale, { unit: 'JS-NJ', owners: ['U0A', 'U0B'], items: [line('NJ-01'), line('NJ-02', { owners: ['U0B'] })] });
      expect(message.text.match(/<@U0A>/g)).toHaveLength(1);
      expect(message.text).toContain('R&amp;D');
      expect(accessories(message).map((button) => [button.action_id, button.value])).toEqual([
        [REPORT_BUTTON, 'NJ-01'],
        [REPORT_BUTTON, 'NJ-02'],
      ]);
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(promptsMessage('zh-CN', { unit: 'JS-NJ', owners: ['U0A'], items: [line('NJ-01')] }).text).toContain('进展督促');
  });

  it('promptsMessage: a finding adds its extension button, a round’s report its submit button, a listed subject its mark', () => {
    const message = promptsMessage('en', { unit: 'JS-NJ', owners: ['U0A'], items: [line('F1', { inspection: 'I1' }), line('R1', { round: 'RD1' }), line('L1', { order: 'GP1' })] });
    expect(accessories(message).map((button) => button.action_id)).toEqual([REPORT_BUTTON, SUBMIT_BUTTON, REPORT_BUTTON]);
    expect(actionIds(message)).toEqual([EXTENSION_BUTTON]);
    expect(message.text).toContain('order GP1');
  });

  it('stays within Block Kit’s limits at a message’s lines (findings: two blocks each) with huge titles and many owners', () => {
    for (const locale of locales) {
      const huge = (i: number, over: Partial<ScheduledPayload> = {}) => line(`NJ-${i}`, { title: '&'.repeat(5000), owners: Array.from({ length: 50 }, (_, j) => `U0${i}${j}`), ...over });
      const plainLines = Array.from({ length: LINES_PER_MESSAGE }, (_, i) => huge(i));
      expect(checkBlockKit('message', promptsMessage(locale, { unit: 'JS-NJ', owners: [...new Set(plainLines.flatMap((item) => item.owners))], items: plainLines }))).toEqual([]);
      const items = Array.from({ length: Math.floor(LINE_BLOCKS_PER_MESSAGE / 2) }, (_, i) => huge(i, { inspection: 'I' }));
      const owners = [...new Set(items.flatMap((item) => item.owners))];
      expect(checkBlockKit('message', promptsMessage(locale, { unit: 'JS-NJ', owners, items }))).toEqual([]);
      expect(checkBlockKit('message', remindersMessage(locale, { unit: 'JS-NJ', items: items.map((item) => ({ ...item, reason: 'silence' as const, silent_days: 3 })) }))).toEqual([]);
      expect(checkBlockKit('message', reminderThreadsMessage(locale, { unit: 'JS-NJ', items: items.map((item) => ({ ...item, reason: 'silence' as const, silent_days: 3 })) }))).toEqual([]);
    }
  });

  it('remindersMessage: one DM listing silent and overdue items, each with its button', () => {
    for (const locale of locales) {
      const message = remindersMessage(locale, {
        unit: 'JS-NJ',
        items: [line('NJ-01', { reason: 'silence', silent_days: 2 }), line('NJ-02', { reason: 'overdue', overdue_days: 3, due_date: '2026-11-06' }), line('NJ-03', { reason: 'overdue', overdue_days: 1, due_date: '2026-11-05', milestone: '节点 & 一' })],
      });
      expect(accessories(message).map((button) => button.value)).toEqual(['NJ-01', 'NJ-02', 'NJ-03']);
      expect(message.text).toContain('2026-11-06');
      expect(message.text).toContain('节点 &amp; 一');
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(remindersMessage('en', { unit: 'JS-NJ', items: [line('NJ-01', { reason: 'silence', silent_days: 2 })] }).text).toContain('*NJ-01* 标题 NJ-01 R&amp;D: no progress report for 2 working day(s)');
  });

  it('reminderThreadsMessage: one reply naming each line’s owners', () => {
    const message = reminderThreadsMessage('en', { unit: 'JS-NJ', items: [line('NJ-01', { silent_days: 2 }), line('NJ-02', { owners: ['U0B'], silent_days: 2 })] });
    expect(message.text).toBe('Still no report on 2 of the items above. Please report with their buttons.\n• *NJ-01* 标题 NJ-01 R&amp;D: <@U0A>, 2 working day(s)\n• *NJ-02* 标题 NJ-02 R&amp;D: <@U0B>, 2 working day(s)');
  });
});

describe('escalationsMessage', () => {
  const line = (code: string, over: Partial<ScheduledPayload> = {}) => ({ item: code, title: `T ${code}`, due: '2026-12-31', owners: ['U0A'], reason: 'silence' as const, silent_days: 5, ...over });
  it('the head’s: a line per item with what happened before; the supervisor’s names them and suggests a talk; within limits', () => {
    for (const locale of locales) {
      const head = escalationsMessage(locale, { unit: 'JS-NJ', level: 1, to: 'U0H', items: [line('NJ-01', { prompted_on: '2026-11-02', reminded: true }), line('NJ-02', { reason: 'overdue', overdue_days: 3, due_date: '2026-11-06', milestone: 'M&1' })] });
      expect(head.text).toContain('2026-11-02');
      expect(head.text).toContain('M&amp;1');
      expect(checkBlockKit('message', head)).toEqual([]);
      const many = Array.from({ length: LINES_PER_MESSAGE }, (_, i) => line(`NJ-${i}`, { title: '&'.repeat(5000), owners: Array.from({ length: 100 }, (_, j) => `U${i}${j}`) }));
      expect(checkBlockKit('message', escalationsMessage(locale, { unit: 'JS-NJ', level: 2, to: 'U0S', items: many }))).toEqual([]);
    }
    expect(escalationsMessage('en', { unit: 'JS-NJ', level: 1, to: 'U0H', items: [line('NJ-01', { prompted_on: '2026-11-02', reminded: true })] }).text).toBe(
      '📣 For your attention (提醒): 1 items of unit JS-NJ are silent or overdue. Please follow up with their owners.\n• *NJ-01* T NJ-01: no progress report for 5 working day(s) since it was prompted on 2026-11-02. Its owners were reminded. Owners: <@U0A>.',
    );
    expect(escalationsMessage('en', { unit: 'JS-NJ', level: 2, to: 'U0S', items: [line('NJ-01')] }).text).toMatch(/^🚩 <@U0S>: 1 items of unit JS-NJ are long silent or overdue\. A talk with the unit \(约谈\) is suggested\./);
  });
});
