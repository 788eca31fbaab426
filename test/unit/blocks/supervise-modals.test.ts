import { describe, expect, it } from 'vitest';
import { superviseHelp } from '../../../src/slack/blocks/supervise-messages.js';
import {
  SUPERVISE_FINDING,
  SUPERVISE_FINDING_MODAL,
  SUPERVISE_FINDING_PICK,
  SUPERVISE_INSPECT,
  SUPERVISE_INSPECTION_MODAL,
  SUPERVISE_LIST,
  SUPERVISE_LIST_MODAL,
  findingModal,
  findingPickModal,
  inspectionModal,
  listModal,
  superviseHomeBlocks,
  superviseNoticeView,
} from '../../../src/slack/blocks/supervise-modals.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

type Block = { block_id?: string; element?: { type?: string; initial_date?: string; initial_user?: string; initial_value?: string; initial_option?: { value: string }; options?: unknown[] } };
const blockOf = (view: { blocks: unknown[] }, id: string) => (view.blocks as Block[]).find((block) => block.block_id === id);
const units = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `JS-U${i}`, name: `单位${i}`.repeat(20) }));

describe('supervise home and help', () => {
  it('offers the three actions in App Home, in the reader’s language', () => {
    const blocks = JSON.stringify(superviseHomeBlocks('en'));
    for (const action of [SUPERVISE_INSPECT, SUPERVISE_FINDING, SUPERVISE_LIST]) expect(blocks).toContain(action);
    expect(blocks).toContain('record an inspection');
    expect(checkBlockKit('home', { view: { type: 'home', blocks: superviseHomeBlocks('zh-CN') } })).toEqual([]);
  });

  it('the help puts what was not understood first', () => {
    expect(superviseHelp('en').text).not.toMatch(/^nope/);
    expect(superviseHelp('en', 'nope').text).toMatch(/^nope\n/);
    expect(checkBlockKit('message', superviseHelp('zh-CN'))).toEqual([]);
  });
});

describe('inspectionModal', () => {
  it('selects the units when there are few, with the only inspecting unit chosen and today’s dates', () => {
    const view = inspectionModal('en', { units: units(3), inspecting: [{ code: 'JS', name: '江苏省纪委' }], today: '2026-11-25' });
    expect(view.callback_id).toBe(SUPERVISE_INSPECTION_MODAL);
    expect(blockOf(view, 'unit')?.element?.type).toBe('static_select');
    expect(blockOf(view, 'unit')?.element?.initial_option).toBeUndefined();
    expect(blockOf(view, 'by')?.element?.initial_option?.value).toBe('JS');
    expect(blockOf(view, 'from')?.element?.initial_date).toBe('2026-11-25');
    expect(blockOf(view, 'kind')?.element?.initial_option?.value).toBe('inspection');
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });

  it('asks for a code to be typed past a select’s hundred options', () => {
    const view = inspectionModal('zh-CN', { units: units(101), inspecting: units(2), today: '2026-11-25' });
    expect(blockOf(view, 'unit')?.element?.type).toBe('plain_text_input');
    expect(blockOf(view, 'by')?.element?.type).toBe('static_select');
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });
});

describe('finding and listing modals', () => {
  it('the finding modal names its inspection in the metadata, escaped in the text', () => {
    const view = findingModal('en', { code: 'INS-<1>', unit: 'JS-NJ', by: 'JS' }, '2026-11-25');
    expect(view.callback_id).toBe(SUPERVISE_FINDING_MODAL);
    expect(view.private_metadata).toBe('INS-<1>');
    expect(JSON.stringify(view.blocks)).toContain('INS-&lt;1&gt;');
    expect(blockOf(view, 'owners')?.element?.type).toBe('multi_users_select');
    expect(blockOf(view, 'severity')?.element?.initial_option?.value).toBe('minor');
    expect(blockOf(view, 'cadence')?.element?.initial_option?.value).toBe('weekly');
    expect(checkBlockKit('modal', { view })).toEqual([]);
    expect(findingPickModal('en').callback_id).toBe(SUPERVISE_FINDING_PICK);
    expect(checkBlockKit('modal', { view: findingPickModal('zh-CN') })).toEqual([]);
  });

  it('the listing modal starts from the subject and the person as issuer', () => {
    const view = listModal('en', { subject: 'NJ-01', issuer: 'U01SUP', today: '2026-11-25' });
    expect(view.callback_id).toBe(SUPERVISE_LIST_MODAL);
    expect(blockOf(view, 'subject')?.element?.initial_value).toBe('NJ-01');
    expect(blockOf(view, 'by')?.element?.initial_user).toBe('U01SUP');
    expect(blockOf(listModal('en', { issuer: 'U01SUP', today: '2026-11-25' }), 'subject')?.element?.initial_value).toBeUndefined();
    expect(checkBlockKit('modal', { view: listModal('zh-CN', { issuer: 'U01SUP', today: '2026-11-25' }) })).toEqual([]);
  });

  it('a notice says its message within the limits', () => {
    expect(checkBlockKit('modal', { view: superviseNoticeView('en', 'x'.repeat(4000)) })).toEqual([]);
  });
});
