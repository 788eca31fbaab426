import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { INSPECTION_KINDS, LISTING_REASONS, SEVERITIES } from '../../domain/supervision.js';
import { ROUND_KINDS } from '../../domain/rounds.js';
import { CADENCES } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';
import { escape, shorten } from './text.js';

export const SUPERVISE_INSPECT = 'supervise_inspect';
export const SUPERVISE_FINDING = 'supervise_finding';
export const SUPERVISE_LIST = 'supervise_list';
export const SUPERVISE_INSPECTION_MODAL = 'supervise_inspection_modal';
export const SUPERVISE_FINDING_PICK = 'supervise_finding_pick';
export const SUPERVISE_FINDING_MODAL = 'supervise_finding_modal';
export const SUPERVISE_LIST_MODAL = 'supervise_list_modal';
export const SUPERVISE_ROUND = 'supervise_round';
export const SUPERVISE_ROUND_MODAL = 'supervise_round_modal';

// A static select holds at most 100 options; past that the unit is typed by its code.
const MAX_OPTIONS = 100;
const option = (text: string, value: string): PlainTextOption => ({ text: { type: 'plain_text', text: shorten(text, 75) }, value });
type Unit = { code: string; name: string };

const text = (block: string, label: string, more: { initial?: string | undefined; multiline?: boolean; optional?: boolean; max?: number; hint?: string } = {}): KnownBlock => ({
  type: 'input',
  block_id: block,
  optional: more.optional ?? false,
  label: { type: 'plain_text', text: label },
  ...(more.hint && { hint: { type: 'plain_text', text: more.hint } }),
  element: { type: 'plain_text_input', action_id: block, multiline: more.multiline ?? false, max_length: more.max ?? 64, ...(more.initial ? { initial_value: more.initial } : {}) },
});
const select = (block: string, label: string, choices: PlainTextOption[], initial?: string): KnownBlock => {
  const initialOption = choices.find((choice) => choice.value === initial);
  return { type: 'input', block_id: block, label: { type: 'plain_text', text: label }, element: { type: 'static_select', action_id: block, options: choices, ...(initialOption && { initial_option: initialOption }) } };
};
const unitField = (block: string, label: string, units: Unit[], initial?: string) =>
  units.length <= MAX_OPTIONS ? select(block, label, units.map((unit) => option(`${unit.code} ${unit.name}`, unit.code)), initial ?? (units.length === 1 ? units[0]?.code : undefined)) : text(block, label, { initial });
const date = (block: string, label: string, initial?: string): KnownBlock => ({ type: 'input', block_id: block, label: { type: 'plain_text', text: label }, element: { type: 'datepicker', action_id: block, ...(initial && { initial_date: initial }) } });
const cadences = (locale: Locale) => CADENCES.map((cadence) => option(t(locale, `supervise.cadence.${cadence}`), cadence));
const modal = (locale: Locale, callback: string, title: 'supervise.inspectionTitle' | 'supervise.findingTitle' | 'supervise.listTitle' | 'supervise.pickInspectionTitle' | 'supervise.roundTitle', blocks: KnownBlock[], metadata = '', submit: 'supervise.submit' | 'supervise.next' = 'supervise.submit'): View => ({
  type: 'modal',
  callback_id: callback,
  private_metadata: metadata,
  title: { type: 'plain_text', text: t(locale, title) },
  submit: { type: 'plain_text', text: t(locale, submit) },
  close: { type: 'plain_text', text: t(locale, 'modal.close') },
  blocks,
});

/** App Home's line for supervisors and admins: record an inspection, add a finding, list a subject. */
export function superviseHomeBlocks(locale: Locale): KnownBlock[] {
  const button = (action: string, key: 'supervise.recordInspection' | 'supervise.addFinding' | 'supervise.listSubject' | 'supervise.createRound') => ({ type: 'button' as const, action_id: action, text: { type: 'plain_text' as const, text: t(locale, key) } });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: t(locale, 'supervise.homeIntro') } },
    { type: 'actions', elements: [button(SUPERVISE_INSPECT, 'supervise.recordInspection'), button(SUPERVISE_FINDING, 'supervise.addFinding'), button(SUPERVISE_LIST, 'supervise.listSubject'), button(SUPERVISE_ROUND, 'supervise.createRound')] },
  ];
}

/** A modal that only says something: why nothing can be done, or what was done. */
export function superviseNoticeView(locale: Locale, message: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t(locale, 'supervise.title') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: shorten(message, 3000) } }],
  };
}

/** The modal to record an inspection: the inspecting unit is one the person supervises. */
export function inspectionModal(locale: Locale, options: { units: Unit[]; inspecting: Unit[]; today: string }): View {
  return modal(locale, SUPERVISE_INSPECTION_MODAL, 'supervise.inspectionTitle', [
    text('code', t(locale, 'supervise.code')),
    select('kind', t(locale, 'supervise.kind'), INSPECTION_KINDS.map((kind) => option(t(locale, `supervise.kind.${kind}`), kind)), 'inspection'),
    unitField('unit', t(locale, 'supervise.unit'), options.units),
    unitField('by', t(locale, 'supervise.by'), options.inspecting),
    date('from', t(locale, 'supervise.from'), options.today),
    date('to', t(locale, 'supervise.to'), options.today),
    text('items', t(locale, 'supervise.items'), { optional: true, max: 1000, hint: t(locale, 'supervise.itemsHint') }),
  ]);
}

/** The modal asking which inspection a finding is added to, by its code. */
export function findingPickModal(locale: Locale): View {
  return modal(locale, SUPERVISE_FINDING_PICK, 'supervise.pickInspectionTitle', [text('inspection', t(locale, 'supervise.inspection'))], '', 'supervise.next');
}

/** The modal to add a finding to an inspection (named in the metadata). */
export function findingModal(locale: Locale, inspection: { code: string; unit: string; by: string }, today: string): View {
  return modal(
    locale,
    SUPERVISE_FINDING_MODAL,
    'supervise.findingTitle',
    [
      { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'supervise.findingIntro', { code: escape(inspection.code), unit: escape(inspection.unit), by: escape(inspection.by) }) }] },
      text('code', t(locale, 'supervise.code')),
      text('title', t(locale, 'supervise.findingTitleField'), { max: 300 }),
      select('severity', t(locale, 'supervise.severity'), SEVERITIES.map((severity) => option(t(locale, `supervise.severity.${severity}`), severity)), 'minor'),
      text('item', t(locale, 'supervise.item'), { optional: true }),
      { type: 'input', block_id: 'owners', label: { type: 'plain_text', text: t(locale, 'supervise.owners') }, element: { type: 'multi_users_select', action_id: 'owners' } },
      text('requirement', t(locale, 'supervise.requirement'), { multiline: true, max: 2000 }),
      date('due', t(locale, 'supervise.due'), today),
      select('cadence', t(locale, 'supervise.cadence'), cadences(locale), 'weekly'),
    ],
    inspection.code,
  );
}

/** The modal to list an item or finding for supervision; the issuer is the person unless they choose another. */
export function listModal(locale: Locale, options: { subject?: string | undefined; issuer: string; today: string }): View {
  return modal(locale, SUPERVISE_LIST_MODAL, 'supervise.listTitle', [
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'supervise.listIntro') }] },
    text('subject', t(locale, 'supervise.subject'), { initial: options.subject }),
    text('code', t(locale, 'supervise.code')),
    { type: 'input', block_id: 'by', label: { type: 'plain_text', text: t(locale, 'supervise.issuer') }, element: { type: 'users_select', action_id: 'by', initial_user: options.issuer } },
    select('reason', t(locale, 'supervise.reason'), LISTING_REASONS.map((reason) => option(t(locale, `supervise.reason.${reason}`), reason))),
    date('due', t(locale, 'supervise.due'), options.today),
    select('cadence', t(locale, 'supervise.cadence'), cadences(locale), 'weekly'),
  ]);
}

/**
 * The modal to create a report round: code, kind, issuing unit (one the person supervises), the
 * units that must report (below it), period, deadline and reviewers (the person unless they choose others).
 */
export function roundModal(locale: Locale, options: { issuing: Unit[]; reporting: Unit[]; reviewer: string; today: string }): View {
  const units: KnownBlock =
    options.reporting.length > 0 && options.reporting.length <= MAX_OPTIONS
      ? { type: 'input', block_id: 'units', label: { type: 'plain_text', text: t(locale, 'supervise.roundUnits') }, element: { type: 'multi_static_select', action_id: 'units', options: options.reporting.map((unit) => option(`${unit.code} ${unit.name}`, unit.code)) } }
      : text('units', t(locale, 'supervise.roundUnits'), { max: 2000, hint: t(locale, 'supervise.roundUnitsHint') });
  return modal(locale, SUPERVISE_ROUND_MODAL, 'supervise.roundTitle', [
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'supervise.roundIntro') }] },
    text('code', t(locale, 'supervise.code')),
    select('kind', t(locale, 'supervise.roundKind'), ROUND_KINDS.map((kind) => option(t(locale, `rounds.kind.${kind}`), kind)), 'dual_report'),
    unitField('by', t(locale, 'supervise.roundBy'), options.issuing),
    units,
    text('period', t(locale, 'supervise.roundPeriod'), { max: 40, hint: t(locale, 'supervise.roundPeriodHint') }),
    date('due', t(locale, 'supervise.due'), options.today),
    { type: 'input', block_id: 'reviewers', label: { type: 'plain_text', text: t(locale, 'supervise.roundReviewers') }, element: { type: 'multi_users_select', action_id: 'reviewers', initial_users: [options.reviewer] } },
  ]);
}
