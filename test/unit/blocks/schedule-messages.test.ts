import { describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { EXTENSION_BUTTON } from '../../../src/slack/blocks/finding-modal.js';
import { ITEM_MENU } from '../../../src/slack/blocks/item-edit-modal.js';
import { REPORT_BUTTON } from '../../../src/slack/blocks/report-button.js';
import { escalationMessage, promptMessage, reminderMessage, reminderThreadMessage, type ScheduledPayload } from '../../../src/slack/blocks/schedule-messages.js';
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
