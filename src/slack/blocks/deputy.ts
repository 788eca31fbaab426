import type { KnownBlock, View } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';
import type { DeputyPeriod } from '../../domain/deputy-period.js';

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

/** The modal to name a deputy for a period. */
export function deputyModal(locale: Locale, today: string): View {
  return {
    type: 'modal',
    callback_id: DEPUTY_MODAL,
    title: { type: 'plain_text', text: t(locale, 'deputy.title') },
    submit: { type: 'plain_text', text: t(locale, 'deputy.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'deputy.hint') }] },
      { type: 'input', block_id: 'deputy', label: { type: 'plain_text', text: t(locale, 'deputy.who') }, element: { type: 'users_select', action_id: 'deputy' } },
      { type: 'input', block_id: 'starts_on', label: { type: 'plain_text', text: t(locale, 'deputy.from') }, element: { type: 'datepicker', action_id: 'starts_on', initial_date: today } },
      { type: 'input', block_id: 'ends_on', label: { type: 'plain_text', text: t(locale, 'deputy.to') }, element: { type: 'datepicker', action_id: 'ends_on', initial_date: today } },
    ],
  };
}
