import { describe, expect, it } from 'vitest';
import { EXTENSION_BUTTON, EXTENSION_MODAL, extensionButton, extensionModal } from '../../../src/slack/blocks/finding-modal.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

type Block = { type: string; block_id?: string; text?: { text: string }; element?: { type: string; action_id: string; initial_date?: string } };

describe('extensionButton', () => {
  it('carries the finding’s code under its action id, labelled in the reader’s language', () => {
    for (const [locale, label] of [
      ['en', 'Request extension'],
      ['zh-CN', '申请延期'],
    ] as const) {
      const button = extensionButton(locale, 'ZG-2026-07');
      expect(button).toMatchObject({ type: 'button', action_id: EXTENSION_BUTTON, value: 'ZG-2026-07', text: { type: 'plain_text', text: label } });
      expect(checkBlockKit('message', { text: 'x', blocks: [{ type: 'actions', elements: [button] }] })).toEqual([]);
    }
  });
});

describe('extensionModal', () => {
  const finding = { code: 'ZG-2026-07', title: '<!channel> R&D 台账 & 记录', due: '2026-12-20' };

  it('asks for a date starting at the current deadline and a reason, carrying the code and channel', () => {
    for (const [locale, title] of [
      ['en', 'Request an extension'],
      ['zh-CN', '申请延期'],
    ] as const) {
      const view = extensionModal(locale, finding, { channel: 'C0NJ' });
      expect(view).toMatchObject({ type: 'modal', callback_id: EXTENSION_MODAL, title: { text: title } });
      expect(JSON.parse(view.private_metadata as string)).toEqual({ code: 'ZG-2026-07', channel: 'C0NJ' });
      const blocks = view.blocks as Block[];
      expect(blocks.find((b) => b.block_id === 'to')?.element).toMatchObject({ type: 'datepicker', action_id: 'to', initial_date: '2026-12-20' });
      expect(blocks.find((b) => b.block_id === 'because')?.element).toMatchObject({ type: 'plain_text_input', action_id: 'because' });
      const intro = blocks[0]?.text?.text ?? '';
      expect(intro).toContain('&lt;!channel&gt; R&amp;D');
      expect(intro).not.toContain('<!channel>');
      expect(checkBlockKit('modal', { view })).toEqual([]);
    }
    expect(extensionModal('zh-CN', finding, {}).blocks[0]).toMatchObject({ text: { text: expect.stringContaining('整改时限') } });
  });

  it('stays within the limits with a very long title', () => {
    const view = extensionModal('en', { ...finding, title: '&<>'.repeat(2000) }, {});
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });
});
