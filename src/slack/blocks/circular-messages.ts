import type { KnownBlock, View } from '@slack/types';
import type { CircularHoliday } from '../../domain/circulars.js';
import { t, type Locale } from '../../i18n/index.js';
import type { SlackText } from './progress-messages.js';
import { escape, escapeShort, fitMrkdwn, mention, shorten } from './text.js';

export const CIRCULAR_OPEN = 'circular_open';
export const CIRCULAR_MODAL = 'circular_modal';

export interface CircularReminderPayload {
  unit: string;
  name: string;
  supervisor: string;
  first_day_off: string;
  holidays: CircularHoliday[];
}

export interface CircularPayload {
  circular: number;
  scope: string;
  unit: string;
  by: string;
  title: string;
  text: string;
  cases: { code: string; unit: string; category: string; measures: { form: number; measure: string; person?: string | undefined }[] }[];
}

/** The DM to a supervisor N working days before a holiday window: prepare a circular of typical cases. */
export function circularReminderMessage(locale: Locale, p: CircularReminderPayload): SlackText {
  const holidays = p.holidays.map((holiday) => t(locale, `holiday.${holiday}`)).join(' / ');
  const text = t(locale, 'circular.reminder', { holidays, date: p.first_day_off, unit: escape(p.unit), name: escapeShort(p.name, 100) });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A circular as posted in a channel of its scope: title, text, and the cases it cites. */
export function circularMessage(locale: Locale, p: CircularPayload): SlackText {
  const title = escapeShort(p.title, 150);
  const cases = p.cases.map((c) => {
    const measures = c.measures.map((m) => `${m.person ? `${escape(m.person)} ` : ''}${t(locale, 'circular.form', { form: m.form })} ${escapeShort(m.measure, 60)}`).join('; ');
    return `• *${escape(c.code)}* (${escape(c.unit)}) ${escapeShort(c.category, 100)}${measures ? ` — ${measures}` : ''}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(`📢 ${p.title}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(escape(p.text), 3000) } },
    ...(cases.length ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: fitMrkdwn([t(locale, 'circular.cases'), ...cases].join('\n'), 3000) } }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'circular.from', { by: mention(p.by), scope: escape(p.scope) }) }] },
  ];
  return { text: `📢 ${title}`, blocks };
}

/** The modal to compose a circular: title, text, cases cited by code, the scope (a unit's subtree), anonymised or not. */
export function circularModal(locale: Locale, options: { units: { code: string; name: string }[] }): View {
  const unitOptions = options.units.slice(0, 100).map((unit) => ({ text: { type: 'plain_text' as const, text: shorten(`${unit.code} ${unit.name}`, 75) }, value: unit.code }));
  return {
    type: 'modal',
    callback_id: CIRCULAR_MODAL,
    title: { type: 'plain_text', text: t(locale, 'circular.title') },
    submit: { type: 'plain_text', text: t(locale, 'circular.send') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'input', block_id: 'title', label: { type: 'plain_text', text: t(locale, 'circular.heading') }, element: { type: 'plain_text_input', action_id: 'title', max_length: 150 } },
      { type: 'input', block_id: 'text', label: { type: 'plain_text', text: t(locale, 'circular.text') }, element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 2500 } },
      {
        type: 'input',
        block_id: 'cases',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'circular.citedCases') },
        hint: { type: 'plain_text', text: t(locale, 'circular.citedHint') },
        element: { type: 'plain_text_input', action_id: 'cases', max_length: 1000 },
      },
      { type: 'input', block_id: 'unit', label: { type: 'plain_text', text: t(locale, 'circular.scope') }, element: { type: 'static_select', action_id: 'unit', options: unitOptions } },
      {
        type: 'input',
        block_id: 'anonymised',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'circular.privacy') },
        element: { type: 'checkboxes', action_id: 'anonymised', options: [{ text: { type: 'plain_text', text: t(locale, 'circular.anonymise') }, value: 'yes' }] },
      },
    ],
  };
}

/** App Home's button to compose a circular, beside the case buttons. */
export const circularButton = (locale: Locale) => ({ type: 'button' as const, action_id: CIRCULAR_OPEN, text: { type: 'plain_text' as const, text: t(locale, 'circular.compose') } });
