import { describe, expect, it } from 'vitest';
import {
  ITEM_ADD,
  ITEM_CLOSE,
  ITEM_EDIT,
  ITEM_EDIT_MODAL,
  ITEM_MENU,
  ITEM_PICK,
  ITEM_REOPEN,
  itemEditHomeBlocks,
  itemEditModal,
  itemMenu,
  itemNoticeView,
  itemPickModal,
} from '../../../src/slack/blocks/item-edit-modal.js';
import type { EditableItem } from '../../../src/domain/item-edit.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const locales = ['en', 'zh-CN'] as const;
type Block = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: { action_id: string }[];
  element?: { type: string; initial_value?: string; initial_date?: string; initial_users?: string[]; options?: { value: string }[]; initial_option?: { value: string } };
};
const item: EditableItem = {
  code: 'NJ-01',
  list: 'JS-NJ-2026',
  title: '落实 <!channel> R&D 责任',
  target: '全年完成',
  department: '办公室',
  measures: null,
  owners: ['U0A', 'U0B'],
  due: '2026-12-31',
  cadence: 'monthly',
  milestones: [{ title: '初稿', due: '2026-06-30', percent: 50 }],
  closed: false,
  signed: true,
};
const lists = (n: number) => Array.from({ length: n }, (_, i) => ({ ref: `JS-NJ-${i}`, name: `清单 ${'名'.repeat(100)}` }));

describe('itemEditHomeBlocks and itemMenu', () => {
  it('offer add, edit, close and reopen, in the reader’s language', () => {
    for (const [locale, add] of [
      ['en', 'Add item'],
      ['zh-CN', '新增事项'],
    ] as const) {
      const blocks = itemEditHomeBlocks(locale) as Block[];
      expect(blocks[1]?.elements?.map((e) => e.action_id)).toEqual([ITEM_ADD, ITEM_EDIT, ITEM_CLOSE, ITEM_REOPEN]);
      expect(JSON.stringify(blocks)).toContain(add);
      expect(checkBlockKit('home', { view: { type: 'home', blocks } })).toEqual([]);
      const open = itemMenu(locale, 'NJ-01', false);
      expect(open.action_id).toBe(ITEM_MENU);
      expect(open.options.map((o) => o.value)).toEqual(['edit:NJ-01', 'close:NJ-01', 'supervise:NJ-01']);
      expect(itemMenu(locale, 'NJ-01', true).options.map((o) => o.value)).toEqual(['edit:NJ-01', 'reopen:NJ-01']);
      expect(checkBlockKit('message', { text: 'x', blocks: [{ type: 'actions', elements: [open] }] })).toEqual([]);
    }
  });
});

describe('itemEditModal', () => {
  it('adds an item to one of the lists offered', () => {
    for (const [locale, title] of [
      ['en', 'Add an item'],
      ['zh-CN', '新增事项'],
    ] as const) {
      const view = itemEditModal(locale, { lists: lists(3) });
      expect(view).toMatchObject({ type: 'modal', callback_id: ITEM_EDIT_MODAL, title: { text: title } });
      expect(JSON.parse(view.private_metadata as string)).toEqual({ mode: 'add' });
      const blocks = view.blocks as Block[];
      expect(blocks.map((b) => b.block_id)).toEqual(['code', 'list', 'title', 'target', 'department', 'measures', 'owners', 'due', 'cadence', 'milestones']);
      expect(blocks.find((b) => b.block_id === 'list')?.element?.options?.map((o) => o.value)).toEqual(['JS-NJ-0', 'JS-NJ-1', 'JS-NJ-2']);
      expect(blocks.find((b) => b.block_id === 'cadence')?.element?.options?.map((o) => o.value)).toEqual(['weekly', 'biweekly', 'monthly']);
      expect(checkBlockKit('modal', { view })).toEqual([]);
      const many = itemEditModal(locale, { lists: lists(101) });
      expect((many.blocks as Block[]).find((b) => b.block_id === 'list')?.element?.type).toBe('plain_text_input');
      expect(checkBlockKit('modal', { view: many })).toEqual([]);
    }
  });

  it('edits an item pre-filled with it, its code and list fixed, noting a signed list', () => {
    for (const [locale, title] of [
      ['en', 'Edit an item'],
      ['zh-CN', '编辑事项'],
    ] as const) {
      const view = itemEditModal(locale, { lists: lists(3), item });
      expect(view).toMatchObject({ title: { text: title } });
      expect(JSON.parse(view.private_metadata as string)).toEqual({ mode: 'edit', code: 'NJ-01' });
      const blocks = view.blocks as Block[];
      expect(blocks[0]?.type).toBe('context');
      expect(blocks[1]).toMatchObject({ type: 'section', text: { type: 'plain_text', text: 'NJ-01 · JS-NJ-2026' } });
      expect(blocks.some((b) => b.block_id === 'code' || b.block_id === 'list')).toBe(false);
      const of = (id: string) => blocks.find((b) => b.block_id === id)?.element;
      // plain_text_input shows the title as typed: no escaping there.
      expect(of('title')?.initial_value).toBe('落实 <!channel> R&D 责任');
      expect(of('measures')?.initial_value).toBeUndefined();
      expect(of('owners')?.initial_users).toEqual(['U0A', 'U0B']);
      expect(of('due')?.initial_date).toBe('2026-12-31');
      expect(of('cadence')?.initial_option?.value).toBe('monthly');
      expect(of('milestones')?.initial_value).toContain('初稿');
      expect(checkBlockKit('modal', { view })).toEqual([]);
    }
    expect((itemEditModal('en', { lists: [], item: { ...item, signed: false } }).blocks as Block[])[0]?.type).toBe('section');
  });
});

describe('itemPickModal and itemNoticeView', () => {
  it('ask for the code with the mode carried and named, or say something, within the limits', () => {
    for (const locale of locales) {
      for (const mode of ['edit', 'close', 'reopen'] as const) {
        const view = itemPickModal(locale, mode);
        expect(view).toMatchObject({ callback_id: ITEM_PICK, private_metadata: mode });
        expect(checkBlockKit('modal', { view })).toEqual([]);
      }
      const notice = itemNoticeView(locale, 'NJ-01 closed.');
      expect(JSON.stringify(notice.blocks)).toContain('NJ-01 closed.');
      expect(checkBlockKit('modal', { view: notice })).toEqual([]);
    }
    expect(itemPickModal('en', 'close')).toMatchObject({ submit: { text: 'Close item' } });
    expect(itemPickModal('zh-CN', 'close')).toMatchObject({ submit: { text: '关闭事项' } });
  });
});
