import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { accountabilityLines, dispositionLines } from '../../domain/case-lines.js';
import { CASE_SOURCES, FULFILMENTS, type CaseRecord } from '../../domain/cases.js';
import { t, type Locale } from '../../i18n/index.js';
import { circularButton } from './circular-messages.js';
import { shorten } from './text.js';

export const CASE_OPEN = 'case_open';
export const CASE_AMEND = 'case_amend';
export const CASE_MODAL = 'case_modal';
export const CASE_PICK = 'case_pick';
/** In the amend modal: list the case for supervision (挂牌督办), a form pushed on top. */
export const CASE_LIST = 'case_list';

/** A case as the modal shows it (the fields of the import's `cases:` section). */
export type CaseView = CaseRecord;

// A static select holds at most 100 options; past that the unit is typed by its code.
const MAX_OPTIONS = 100;

const option = (text: string, value: string): PlainTextOption => ({ text: { type: 'plain_text', text: shorten(text, 75) }, value });

/** App Home's line for supervisors and admins: record a new case, or amend one by its code. */
export function caseHomeBlocks(locale: Locale): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: t(locale, 'case.homeIntro') } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: CASE_OPEN, text: { type: 'plain_text', text: t(locale, 'case.record') } },
        { type: 'button', action_id: CASE_AMEND, text: { type: 'plain_text', text: t(locale, 'case.amend') } },
        circularButton(locale),
      ],
    },
  ];
}

/** A modal that only says why nothing can be done (someone who supervises nothing pressed a case button). */
export function caseRefusalView(locale: Locale, text: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t(locale, 'case.title') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
  };
}

/** The modal asking which case to amend, by its code. */
export function casePickModal(locale: Locale): View {
  return {
    type: 'modal',
    callback_id: CASE_PICK,
    title: { type: 'plain_text', text: t(locale, 'case.title') },
    submit: { type: 'plain_text', text: t(locale, 'case.next') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'input', block_id: 'code', label: { type: 'plain_text', text: t(locale, 'case.code') }, element: { type: 'plain_text_input', action_id: 'code', max_length: 64 } }],
  };
}

/**
 * The modal to record a case, or to amend one (pre-filled with it). Dispositions and decisions
 * are typed one per line; the units offered are those the supervisor may record for.
 */
export function caseModal(locale: Locale, options: { units: { code: string; name: string }[]; record?: CaseView | undefined; today: string }): View {
  const record = options.record;
  const text = (block: string, label: string, initial: string | undefined, more: { multiline?: boolean; optional?: boolean; max?: number; hint?: string } = {}): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: more.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(more.hint && { hint: { type: 'plain_text', text: more.hint } }),
    element: { type: 'plain_text_input', action_id: block, multiline: more.multiline ?? false, max_length: more.max ?? 200, ...(initial ? { initial_value: initial } : {}) },
  });
  const select = (block: string, label: string, choices: PlainTextOption[], initial: string | null | undefined, optional = false): KnownBlock => {
    const initialOption = choices.find((choice) => choice.value === initial);
    return {
      type: 'input',
      block_id: block,
      optional,
      label: { type: 'plain_text', text: label },
      element: { type: 'static_select', action_id: block, options: choices, ...(initialOption && { initial_option: initialOption }) },
    };
  };
  const unitChoices = options.units.map((unit) => option(`${unit.code} ${unit.name}`, unit.code));
  const fulfilments = FULFILMENTS.map((value) => option(t(locale, `fulfilment.${value}`), value));
  // A supervisor looking at a stored, open case may list it for supervision from here.
  const listing: KnownBlock[] =
    record && !record.concluded ? [{ type: 'actions', block_id: 'case_actions', elements: [{ type: 'button', action_id: CASE_LIST, value: record.code, text: { type: 'plain_text', text: t(locale, 'case.listForSupervision') } }] }] : [];
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'case.hint') }] },
    ...listing,
    text('code', t(locale, 'case.code'), record?.code, { max: 64 }),
    unitChoices.length <= MAX_OPTIONS ? select('unit', t(locale, 'case.unit'), unitChoices, record?.unit) : text('unit', t(locale, 'case.unit'), record?.unit, { max: 64 }),
    {
      type: 'input',
      block_id: 'opened',
      label: { type: 'plain_text', text: t(locale, 'case.opened') },
      element: { type: 'datepicker', action_id: 'opened', initial_date: record?.opened ?? options.today },
    },
    select('source', t(locale, 'case.source'), CASE_SOURCES.map((value) => option(t(locale, `caseSource.${value}`), value)), record?.source),
    text('category', t(locale, 'case.category'), record?.category),
    select('primary', t(locale, 'case.primary'), fulfilments, record?.primary, true),
    select('supervisory', t(locale, 'case.supervisory'), fulfilments, record?.supervisory, true),
    {
      type: 'input',
      block_id: 'concluded',
      optional: true,
      label: { type: 'plain_text', text: t(locale, 'case.concluded') },
      hint: { type: 'plain_text', text: t(locale, 'case.concludedHint') },
      element: { type: 'datepicker', action_id: 'concluded', ...(record?.concluded && { initial_date: record.concluded }) },
    },
    text('dispositions', t(locale, 'case.dispositions'), record && dispositionLines(record.dispositions), { multiline: true, optional: true, max: 3000, hint: t(locale, 'case.dispositionsHint') }),
    text('accountability', t(locale, 'case.accountability'), record && accountabilityLines(record.accountability), { multiline: true, optional: true, max: 3000, hint: t(locale, 'case.accountabilityHint') }),
  ];
  return {
    type: 'modal',
    callback_id: CASE_MODAL,
    title: { type: 'plain_text', text: t(locale, record ? 'case.amendTitle' : 'case.title') },
    submit: { type: 'plain_text', text: t(locale, 'case.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks,
  };
}
