import type { KnownBlock, View } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';
import type { DeputyPeriod } from '../../domain/deputy-period.js';
import type { SlackText } from './progress-messages.js';
import { escape } from './text.js';

export const DEPUTY_OPEN = 'deputy_open';
export const DEPUTY_END = 'deputy_end';
export const DEPUTY_MODAL = 'deputy_modal';

/** App Home's deputy line: who stands in (and when), with the buttons to name or end a deputy. */
export function deputyBlocks(locale: Locale, periods: DeputyPeriod[]): KnownBlock[] {
  const text = periods.length
    ? periods.map((period) => t(locale, 'deputy.current', { deputy: period.deputy, from: period.startsOn, to: period.endsOn })).join('\n')
    : t(locale, 'deputy.none');
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: DEPUTY_OPEN, text: { type: 'plain_text', text: t(locale, 'deputy.name') } },
        ...(periods.length ? [{ type: 'button' as const, action_id: DEPUTY_END, style: 'danger' as const, text: { type: 'plain_text' as const, text: t(locale, 'deputy.end') } }] : []),
      ],
    },
  ];
}

/** The modal to name a deputy for a period, for oneself unless another person is chosen. */
export function deputyModal(locale: Locale, options: { today: string; user: string; maxDays: number }): View {
  return {
    type: 'modal',
    callback_id: DEPUTY_MODAL,
    title: { type: 'plain_text', text: t(locale, 'deputy.title') },
    submit: { type: 'plain_text', text: t(locale, 'deputy.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'deputy.hint', { max: options.maxDays }) }] },
      { type: 'input', block_id: 'person', label: { type: 'plain_text', text: t(locale, 'deputy.for') }, element: { type: 'users_select', action_id: 'person', initial_user: options.user } },
      { type: 'input', block_id: 'deputy', label: { type: 'plain_text', text: t(locale, 'deputy.who') }, element: { type: 'users_select', action_id: 'deputy' } },
      { type: 'input', block_id: 'starts_on', label: { type: 'plain_text', text: t(locale, 'deputy.from') }, element: { type: 'datepicker', action_id: 'starts_on', initial_date: options.today } },
      { type: 'input', block_id: 'ends_on', label: { type: 'plain_text', text: t(locale, 'deputy.to') }, element: { type: 'datepicker', action_id: 'ends_on', initial_date: options.today } },
    ],
  };
}

/** An outbox notice that a unit head's deputy was named or ended (for the parent's supervisor). */
export interface DeputyNoticePayload {
  event: 'named' | 'ended';
  unit: string;
  user: string;
  deputy: string;
  by: string;
  from?: string;
  to?: string;
}

/** The notice to the parent unit's supervisor that a head's deputy was named or ended. */
export function deputyNotice(locale: Locale, p: DeputyNoticePayload): SlackText {
  const text =
    p.event === 'named'
      ? t(locale, 'deputy.noticeNamed', { unit: escape(p.unit), user: p.user, deputy: p.deputy, from: p.from ?? '', to: p.to ?? '', by: p.by })
      : t(locale, 'deputy.noticeEnded', { unit: escape(p.unit), user: p.user, deputy: p.deputy, by: p.by });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
