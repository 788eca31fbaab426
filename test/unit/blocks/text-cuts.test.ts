import { describe, expect, it } from 'vitest';
import { caseModal } from '../../../src/slack/blocks/case-modal.js';
import { circularMessage, circularModal } from '../../../src/slack/blocks/circular-messages.js';
import { itemEditModal } from '../../../src/slack/blocks/item-edit-modal.js';
import { reviewPickModal } from '../../../src/slack/blocks/review-modal.js';
import { inspectionModal, superviseNoticeView } from '../../../src/slack/blocks/supervise-modals.js';

// A high surrogate not followed by a low one, or a low one not after a high one: half an emoji.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Every text a renderer wrote, from the JSON Slack would receive (JSON.stringify keeps lone surrogates as escapes, so read the values). */
const texts = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
};
const halves = (value: unknown) => texts(value).filter((text) => LONE_SURROGATE.test(text));

// Each name puts an emoji's first half exactly at the old `.slice(0, max)` cut: `JS-NJ ` is 6 units,
// so with 😀 (2 units) from there on, unit 74 (the 75th) is the first half of an emoji.
const EMOJI = '😀';
const unit = { code: 'JS-NJ', name: EMOJI.repeat(60) };

describe('text cuts never split an emoji (a surrogate pair)', () => {
  it('the check itself sees half an emoji', () => {
    expect(halves({ text: `${unit.code} ${unit.name}`.slice(0, 75) })).toHaveLength(1);
  });

  it('superviseNoticeView cuts a long message whole, to 3,000 units', () => {
    const view = superviseNoticeView('en', `a${EMOJI.repeat(2000)}`);
    expect(halves(view)).toEqual([]);
    const text = (view.blocks[0] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
  });

  it('a circular’s header keeps 📢 and whole emoji, within 150 units', () => {
    const message = circularMessage('en', { circular: 1, scope: 'JS', unit: 'JS', by: 'U01SUP', title: EMOJI.repeat(100), text: 'x', cases: [] });
    const header = (message.blocks?.[0] as { text: { text: string } }).text.text;
    expect(halves(message)).toEqual([]);
    expect(header.length).toBeLessThanOrEqual(150);
    expect(header.startsWith('📢')).toBe(true);
  });

  it('select options of units and lists stay within 75 units without half an emoji', () => {
    const views = {
      circular: circularModal('en', { units: [unit] }),
      case: caseModal('en', { units: [unit], today: '2026-11-02' }),
      review: reviewPickModal('en', [unit], 2026),
      itemEdit: itemEditModal('en', { lists: [{ ref: unit.code, name: unit.name }] }),
      inspection: inspectionModal('en', { units: [unit], inspecting: [unit], today: '2026-11-02' }),
    };
    for (const [name, view] of Object.entries(views)) {
      expect(halves(view), name).toEqual([]);
      const option = JSON.stringify(view).match(/"text":"(JS-NJ [^"]*)"/)?.[1];
      expect(option, name).toMatch(/^JS-NJ (😀)+…$/u);
      expect(option!.length, name).toBeLessThanOrEqual(75);
    }
  });
});
