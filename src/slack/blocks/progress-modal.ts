import type { View } from '@slack/types';
import { REPORT_STATUSES } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';
import { shorten } from './text.js';

export const PROGRESS_MODAL = 'progress_modal';
// Slack's limit on a select's options.
const MAX_OPTIONS = 100;

export interface ModalItem {
  code: string;
  title: string;
}

/** A milestone of the preselected item not yet reached, which the reporter may claim. */
export interface ModalMilestone {
  position: number;
  title: string;
  due: string;
}

/** What the modal carries from opening to submission. */
export interface ProgressModalMetadata {
  /** Where the command or button was used, for the confirmation. */
  channel?: string;
  /** Opened by /progress or by a "Report progress" button: the ledger records which. */
  origin: 'modal' | 'button';
}

const option = (item: ModalItem) => ({ text: { type: 'plain_text' as const, text: shorten(`${item.code} ${item.title}`, 75) }, value: item.code });

/**
 * The "Report progress" modal: an item picker limited to the caller's items (the one given
 * preselected), percent, status, note, whether the note is internal, and evidence link. Every input but the item is optional;
 * the submission handler asks for at least one of percent, status and note.
 */
export function progressModal(locale: Locale, items: ModalItem[], selected: string | undefined, metadata: ProgressModalMetadata, milestones: ModalMilestone[] = []): View {
  const shown = items.slice(0, MAX_OPTIONS);
  const preselected = shown.find((item) => item.code === selected) ?? (shown.length === 1 ? shown[0] : undefined);
  return {
    type: 'modal',
    callback_id: PROGRESS_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: t(locale, 'modal.title') },
    submit: { type: 'plain_text', text: t(locale, 'modal.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      {
        type: 'input',
        block_id: 'item',
        label: { type: 'plain_text', text: t(locale, 'modal.item') },
        element: {
          type: 'static_select',
          action_id: 'item',
          placeholder: { type: 'plain_text', text: t(locale, 'modal.itemPlaceholder') },
          options: shown.map(option),
          ...(preselected && { initial_option: option(preselected) }),
        },
      },
      ...(items.length > MAX_OPTIONS
        ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: t(locale, 'modal.moreItems', { shown: MAX_OPTIONS, total: items.length }) }] }]
        : []),
      {
        type: 'input',
        block_id: 'percent',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'modal.percent') },
        element: { type: 'number_input', action_id: 'percent', is_decimal_allowed: false, min_value: '0', max_value: '100' },
      },
      {
        type: 'input',
        block_id: 'status',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'modal.status') },
        element: {
          type: 'static_select',
          action_id: 'status',
          placeholder: { type: 'plain_text', text: t(locale, 'modal.statusPlaceholder') },
          options: REPORT_STATUSES.map((status) => ({ text: { type: 'plain_text' as const, text: t(locale, `status.${status}`) }, value: status })),
        },
      },
      ...(milestones.length
        ? [
            {
              type: 'input' as const,
              block_id: 'milestone',
              optional: true,
              label: { type: 'plain_text' as const, text: t(locale, 'modal.milestone') },
              element: {
                type: 'static_select' as const,
                action_id: 'milestone',
                placeholder: { type: 'plain_text' as const, text: t(locale, 'modal.milestonePlaceholder') },
                options: milestones.slice(0, MAX_OPTIONS).map((milestone) => ({
                  text: { type: 'plain_text' as const, text: shorten(`${milestone.title} (${milestone.due})`, 75) },
                  value: String(milestone.position),
                })),
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'modal.note') },
        element: {
          type: 'plain_text_input',
          action_id: 'note',
          multiline: true,
          max_length: 3000,
          placeholder: { type: 'plain_text', text: t(locale, 'modal.notePlaceholder') },
        },
      },
      {
        type: 'input',
        block_id: 'internal',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'listlife.modalInternal') },
        element: {
          type: 'checkboxes',
          action_id: 'internal',
          options: [{ text: { type: 'plain_text', text: t(locale, 'listlife.modalInternalOption') }, value: 'internal' }],
        },
      },
      {
        type: 'input',
        block_id: 'evidence',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'modal.evidence') },
        element: { type: 'url_text_input', action_id: 'evidence' },
      },
    ],
  };
}

/** A modal that says why a person cannot report (opened where no channel can show an ephemeral answer). */
export function refusalModal(locale: Locale, text: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t(locale, 'modal.cannotReport') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
