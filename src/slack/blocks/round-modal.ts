import type { Button, KnownBlock, PlainTextOption, View } from '@slack/types';
import { RATINGS, type Rating, type RoundKind } from '../../domain/rounds.js';
import { SEVERITIES } from '../../domain/supervision.js';
import { t, type Locale } from '../../i18n/index.js';
import type { SlackText } from './progress-messages.js';
import { escape, escapeShort, fitMrkdwn, link, mention, shorten } from './text.js';

/** The action of every "Submit report" button; its value is the unit's item for the round. */
export const SUBMIT_BUTTON = 'round_submit';
export const SUBMIT_MODAL = 'round_submit_modal';
/** The action of every "Rate" button; its value is the unit's item for the round. */
export const RATE_BUTTON = 'round_rate';
export const RATE_MODAL = 'round_rate_modal';

export const submitButton = (locale: Locale, item: string): Button => ({
  type: 'button',
  action_id: SUBMIT_BUTTON,
  value: item,
  style: 'primary',
  text: { type: 'plain_text', text: t(locale, 'rounds.submitButton') },
});

export const rateButton = (locale: Locale, item: string): Button => ({
  type: 'button',
  action_id: RATE_BUTTON,
  value: item,
  style: 'primary',
  text: { type: 'plain_text', text: t(locale, 'rounds.rateButton') },
});

const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text: shorten(text, 75) }, value });
const kindName = (locale: Locale, kind: RoundKind) => t(locale, `rounds.kind.${kind}`);

export interface ReportView {
  round: string;
  kind: RoundKind;
  period: string;
  due: string;
  unit: string;
  unitName: string;
  item: string;
  summary: string | null;
  link: string | null;
  submittedAt: Date | null;
}

/** The modal for a unit's report in a round: summary and a link; a resubmission shows the report it replaces. */
export function submitModal(locale: Locale, report: ReportView, metadata: { channel?: string | undefined }): View {
  const intro = t(locale, 'rounds.submitIntro', { round: escape(report.round), kind: kindName(locale, report.kind), period: escapeShort(report.period, 40), unit: escapeShort(report.unitName, 200), due: report.due });
  return {
    type: 'modal',
    callback_id: SUBMIT_MODAL,
    private_metadata: JSON.stringify({ item: report.item, ...metadata }),
    title: { type: 'plain_text', text: t(locale, 'rounds.submitTitle') },
    submit: { type: 'plain_text', text: t(locale, 'rounds.submitSubmit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(report.submittedAt ? `${intro}\n${t(locale, 'rounds.replaces')}` : intro, 3000) } },
      {
        type: 'input',
        block_id: 'summary',
        label: { type: 'plain_text', text: t(locale, 'rounds.summary') },
        element: { type: 'plain_text_input', action_id: 'summary', multiline: true, max_length: 3000, ...(report.summary && { initial_value: shorten(report.summary, 3000) }) },
      },
      {
        type: 'input',
        block_id: 'link',
        optional: true,
        label: { type: 'plain_text', text: t(locale, 'rounds.link') },
        element: { type: 'url_text_input', action_id: 'link', ...(report.link && { initial_value: report.link }) },
      },
    ],
  };
}

/**
 * The reviewer's modal: the report, a rating (好 / 较好 / 一般 / 差), feedback for the head, and a
 * finding to open for the unit (title, severity, requirement, deadline) when the reviewer asks
 * for one, as a poor rating suggests.
 */
export function rateModal(locale: Locale, report: ReportView, current: { rating: Rating; feedback: string } | null, metadata: { channel?: string | undefined }): View {
  const ratings = RATINGS.map((rating) => option(rating, t(locale, `rounds.rating.${rating}`)));
  const initial = current && ratings.find((choice) => choice.value === current.rating);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(t(locale, 'rounds.rateIntro', { round: escape(report.round), kind: kindName(locale, report.kind), period: escapeShort(report.period, 40), unit: escapeShort(report.unitName, 200) }), 3000) } },
    { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(`>${escapeShort(report.summary ?? '', 2500).replace(/\n/g, '\n>')}${report.link ? `\n${link(report.link, t(locale, 'rounds.linkLabel'))}` : ''}`, 3000) } },
    { type: 'input', block_id: 'rating', label: { type: 'plain_text', text: t(locale, 'rounds.rating') }, element: { type: 'radio_buttons', action_id: 'rating', options: ratings, ...(initial && { initial_option: initial }) } },
    {
      type: 'input',
      block_id: 'feedback',
      label: { type: 'plain_text', text: t(locale, 'rounds.feedback') },
      element: { type: 'plain_text_input', action_id: 'feedback', multiline: true, max_length: 2000, ...(current && { initial_value: shorten(current.feedback, 2000) }) },
    },
    { type: 'divider' },
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'rounds.findingHint') }] },
    { type: 'input', block_id: 'finding_title', optional: true, label: { type: 'plain_text', text: t(locale, 'rounds.findingTitleLabel') }, element: { type: 'plain_text_input', action_id: 'finding_title', max_length: 300 } },
    {
      type: 'input',
      block_id: 'finding_severity',
      optional: true,
      label: { type: 'plain_text', text: t(locale, 'rounds.findingSeverity') },
      element: { type: 'static_select', action_id: 'finding_severity', options: SEVERITIES.map((severity) => option(severity, t(locale, `rounds.severity.${severity}`))) },
    },
    { type: 'input', block_id: 'finding_requirement', optional: true, label: { type: 'plain_text', text: t(locale, 'rounds.findingRequirementLabel') }, element: { type: 'plain_text_input', action_id: 'finding_requirement', multiline: true, max_length: 2000 } },
    { type: 'input', block_id: 'finding_due', optional: true, label: { type: 'plain_text', text: t(locale, 'rounds.findingDueLabel') }, element: { type: 'datepicker', action_id: 'finding_due' } },
  ];
  return {
    type: 'modal',
    callback_id: RATE_MODAL,
    private_metadata: JSON.stringify({ item: report.item, ...metadata }),
    title: { type: 'plain_text', text: t(locale, 'rounds.rateTitle') },
    submit: { type: 'plain_text', text: t(locale, 'rounds.rateSubmit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks,
  };
}

/** A refusal (Submit report or Rate) for someone an ephemeral message cannot reach. */
export const roundRefusalModal = (locale: Locale, mrkdwn: string): View => ({
  type: 'modal',
  title: { type: 'plain_text', text: t(locale, 'rounds.refusedTitle') },
  close: { type: 'plain_text', text: t(locale, 'modal.close') },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(mrkdwn, 3000) } }],
});

/** What the outbox says of a submission, to one reviewer. */
export interface SubmissionPayload {
  round: string;
  kind: RoundKind;
  period: string;
  unit: string;
  unit_name: string;
  item: string;
  by: string;
  summary: string;
  link?: string | undefined;
  on_time: boolean;
  resubmitted: boolean;
  reviewer: string;
}

/** A unit's report as a reviewer receives it by DM, with the Rate button. */
export function submissionMessage(locale: Locale, p: SubmissionPayload): SlackText {
  const head = t(locale, p.resubmitted ? 'rounds.resubmitted' : 'rounds.submittedToReviewer', {
    by: mention(p.by),
    round: escape(p.round),
    kind: kindName(locale, p.kind),
    period: escapeShort(p.period, 40),
    unit: escapeShort(p.unit_name, 200),
    timing: t(locale, p.on_time ? 'rounds.onTime' : 'rounds.late'),
  });
  const body = `>${escapeShort(p.summary, 2500).replace(/\n/g, '\n>')}${p.link ? `\n${link(p.link, t(locale, 'rounds.linkLabel'))}` : ''}`;
  return {
    text: head,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } },
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(body, 3000) } },
      { type: 'actions', elements: [rateButton(locale, p.item)] },
    ],
  };
}

export interface RatingPayload {
  round: string;
  kind: RoundKind;
  period: string;
  unit: string;
  item: string;
  reviewer: string;
  rating: Rating;
  feedback: string;
  changed: boolean;
  finding?: string | undefined;
}

/** A rating and its feedback, as the unit's head reads them by DM, in their language. */
export function ratingMessage(locale: Locale, p: RatingPayload): SlackText {
  const text = [
    t(locale, p.changed ? 'rounds.ratingChangedToHead' : 'rounds.ratedToHead', {
      reviewer: mention(p.reviewer),
      round: escape(p.round),
      kind: kindName(locale, p.kind),
      unit: escape(p.unit),
      rating: t(locale, `rounds.rating.${p.rating}`),
      feedback: escapeShort(p.feedback, 2000),
    }),
    ...(p.finding ? [t(locale, 'rounds.findingOpenedToHead', { code: escape(p.finding) })] : []),
  ].join(' ');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } }] };
}
