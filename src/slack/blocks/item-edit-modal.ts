import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import type { EditableItem, ItemPickMode } from '../../domain/item-edit.js';
import { milestoneLines } from '../../domain/milestone-lines.js';
import { CADENCES } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';
import { shorten } from './text.js';

export const ITEM_ADD = 'item_add';
export const ITEM_EDIT = 'item_edit';
export const ITEM_CLOSE = 'item_close';
export const ITEM_REOPEN = 'item_reopen';
export const ITEM_PICK = 'item_pick';
export const ITEM_EDIT_MODAL = 'item_edit_modal';
/** The overflow menu on an item's messages: its options' values are `edit:CODE`, `close:CODE`, `reopen:CODE`. */
export const ITEM_MENU = 'item_menu';

const MAX_OPTIONS = 100;
const option = (text: string, value: string): PlainTextOption => ({ text: { type: 'plain_text', text: shorten(text, 75) }, value });

/** App Home's line for admins and unit heads: add, edit, close or reopen an item. */
export function itemEditHomeBlocks(locale: Locale): KnownBlock[] {
  const button = (action: string, key: 'itemEdit.add' | 'itemEdit.edit' | 'itemEdit.close' | 'itemEdit.reopen') => ({ type: 'button' as const, action_id: action, text: { type: 'plain_text' as const, text: t(locale, key) } });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: t(locale, 'itemEdit.homeIntro') } },
    { type: 'actions', elements: [button(ITEM_ADD, 'itemEdit.add'), button(ITEM_EDIT, 'itemEdit.edit'), button(ITEM_CLOSE, 'itemEdit.close'), button(ITEM_REOPEN, 'itemEdit.reopen')] },
  ];
}

/**
 * The overflow menu for an item's message line (anyone sees it; only an admin or the head may
 * edit, close or reopen; only a supervisor or an admin may list it for supervision, `supervise:CODE`).
 */
export function itemMenu(locale: Locale, code: string, closed: boolean) {
  return {
    type: 'overflow' as const,
    action_id: ITEM_MENU,
    options: [
      option(t(locale, 'itemEdit.edit'), `edit:${code}`),
      closed ? option(t(locale, 'itemEdit.reopen'), `reopen:${code}`) : option(t(locale, 'itemEdit.close'), `close:${code}`),
      ...(closed ? [] : [option(t(locale, 'supervise.listSubject'), `supervise:${code}`)]),
    ],
  };
}

/** A modal that only says something (a refusal, or what was done). */
export function itemNoticeView(locale: Locale, text: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t(locale, 'itemEdit.title') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
  };
}

/** The modal asking which item, by its code. */
export function itemPickModal(locale: Locale, mode: ItemPickMode): View {
  return {
    type: 'modal',
    callback_id: ITEM_PICK,
    private_metadata: mode,
    title: { type: 'plain_text', text: t(locale, 'itemEdit.title') },
    submit: { type: 'plain_text', text: t(locale, mode === 'edit' ? 'itemEdit.next' : mode === 'close' ? 'itemEdit.close' : 'itemEdit.reopen') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'input', block_id: 'code', label: { type: 'plain_text', text: t(locale, 'itemEdit.code') }, element: { type: 'plain_text_input', action_id: 'code', max_length: 64 } }],
  };
}

/**
 * The modal to add an item to a list (the lists offered: those the person may edit) or to edit
 * one (pre-filled with it; its code and list are fixed). Milestones are typed one per line.
 */
export function itemEditModal(locale: Locale, options: { lists: { ref: string; name: string }[]; item?: EditableItem | undefined }): View {
  const item = options.item;
  const text = (block: string, label: string, initial: string | null | undefined, more: { multiline?: boolean; optional?: boolean; max?: number; hint?: string } = {}): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: more.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(more.hint && { hint: { type: 'plain_text', text: more.hint } }),
    element: { type: 'plain_text_input', action_id: block, multiline: more.multiline ?? false, max_length: more.max ?? 300, ...(initial ? { initial_value: initial } : {}) },
  });
  const listChoices = options.lists.map((list) => option(`${list.ref} ${list.name}`, list.ref));
  const cadences = CADENCES.map((cadence) => option(cadence, cadence));
  const initialCadence = cadences.find((choice) => choice.value === item?.cadence);
  const blocks: KnownBlock[] = [
    ...(item?.signed ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: t(locale, 'itemEdit.signedHint') }] }] : []),
    ...(item
      ? [{ type: 'section' as const, text: { type: 'plain_text' as const, text: `${item.code} · ${item.list}` } }]
      : [
          text('code', t(locale, 'itemEdit.code'), undefined, { max: 64 }),
          listChoices.length <= MAX_OPTIONS
            ? ({ type: 'input', block_id: 'list', label: { type: 'plain_text', text: t(locale, 'itemEdit.list') }, element: { type: 'static_select', action_id: 'list', options: listChoices } } as KnownBlock)
            : text('list', t(locale, 'itemEdit.list'), undefined, { max: 80 }),
        ]),
    text('title', t(locale, 'itemEdit.itemTitle'), item?.title),
    text('target', t(locale, 'itemEdit.target'), item?.target, { multiline: true, optional: true, max: 2000 }),
    text('department', t(locale, 'itemEdit.department'), item?.department, { optional: true, max: 200 }),
    text('measures', t(locale, 'itemEdit.measures'), item?.measures, { multiline: true, optional: true, max: 2000 }),
    {
      type: 'input',
      block_id: 'owners',
      label: { type: 'plain_text', text: t(locale, 'itemEdit.owners') },
      element: { type: 'multi_users_select', action_id: 'owners', ...(item?.owners.length ? { initial_users: item.owners } : {}) },
    },
    { type: 'input', block_id: 'due', label: { type: 'plain_text', text: t(locale, 'itemEdit.due') }, element: { type: 'datepicker', action_id: 'due', ...(item && { initial_date: item.due }) } },
    { type: 'input', block_id: 'cadence', label: { type: 'plain_text', text: t(locale, 'itemEdit.cadence') }, element: { type: 'static_select', action_id: 'cadence', options: cadences, ...(initialCadence && { initial_option: initialCadence }) } },
    text('milestones', t(locale, 'itemEdit.milestones'), item && milestoneLines(item.milestones), { multiline: true, optional: true, max: 3000, hint: t(locale, 'itemEdit.milestonesHint') }),
  ];
  return {
    type: 'modal',
    callback_id: ITEM_EDIT_MODAL,
    private_metadata: JSON.stringify(item ? { mode: 'edit', code: item.code } : { mode: 'add' }),
    title: { type: 'plain_text', text: t(locale, item ? 'itemEdit.editTitle' : 'itemEdit.addTitle') },
    submit: { type: 'plain_text', text: t(locale, 'itemEdit.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks,
  };
}
