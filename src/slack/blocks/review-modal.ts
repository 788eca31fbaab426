import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { VERDICTS, type ReviewDocument, type ReviewSheetRow, type Verdict } from '../../domain/reviews.js';
import { t, type Locale } from '../../i18n/index.js';
import { lightEmoji } from './home.js';
import { escape, escapeShort, fitMrkdwn, mention, shorten } from './text.js';

export const REVIEW_OPEN = 'review_open';
export const REVIEW_PICK_MODAL = 'review_pick_modal';
export const REVIEW_PAGE_MODAL = 'review_page_modal';
/** Items per page: three blocks each (the item, its verdict, its note), within a modal's 100 blocks with room for the heading and the orders. */
export const REVIEW_PAGE_SIZE = 15;
const MAX_ORDER_LINES = 15;
const MAX_OPTIONS = 100;

/** The block ids of an item's verdict and note on a review page. */
export const verdictBlock = (code: string) => `verdict|${code}`;
export const noteBlock = (code: string) => `note|${code}`;

/** What a review page carries between submissions. */
export interface ReviewPageState {
  unit: string;
  year: number;
  page: number;
  /** Verdicts written on the pages before. */
  written: number;
}

const option = (text: string, value: string): PlainTextOption => ({ text: { type: 'plain_text', text: shorten(text, 75) }, value });
const verdictOption = (locale: Locale, verdict: Verdict) => option(t(locale, `reviews.verdict.${verdict}`), verdict);

/** App Home's line for those who hold a year-end review: unit heads, supervisors, admins. */
export function reviewHomeBlocks(locale: Locale): KnownBlock[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: t(locale, 'reviews.homeIntro') },
      accessory: { type: 'button', action_id: REVIEW_OPEN, text: { type: 'plain_text', text: t(locale, 'reviews.button') } },
    },
  ];
}

/** The modal asking which unit and year to review. */
export function reviewPickModal(locale: Locale, units: { code: string; name: string }[], year: number): View {
  const unit: KnownBlock =
    units.length <= MAX_OPTIONS
      ? {
          type: 'input',
          block_id: 'unit',
          label: { type: 'plain_text', text: t(locale, 'reviews.unitLabel') },
          element: {
            type: 'static_select',
            action_id: 'unit',
            options: units.map((u) => option(`${u.code} ${u.name}`, u.code)),
            ...(units.length === 1 && { initial_option: option(`${units[0]?.code} ${units[0]?.name}`, units[0]?.code as string) }),
          },
        }
      : { type: 'input', block_id: 'unit', label: { type: 'plain_text', text: t(locale, 'reviews.unitLabel') }, element: { type: 'plain_text_input', action_id: 'unit', max_length: 64 } };
  return {
    type: 'modal',
    callback_id: REVIEW_PICK_MODAL,
    title: { type: 'plain_text', text: t(locale, 'reviews.pickTitle') },
    submit: { type: 'plain_text', text: t(locale, 'reviews.open') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [unit, { type: 'input', block_id: 'year', label: { type: 'plain_text', text: t(locale, 'reviews.yearLabel') }, element: { type: 'plain_text_input', action_id: 'year', max_length: 4, initial_value: String(year) } }],
  };
}

/** The items (not the orders) of a review, the rows a verdict is given on. */
export const reviewedRows = (document: ReviewDocument) => document.rows.filter((row) => row.kind !== 'order');

export const reviewPages = (document: ReviewDocument) => Math.max(1, Math.ceil(reviewedRows(document).length / REVIEW_PAGE_SIZE));

function itemBlocks(locale: Locale, row: ReviewSheetRow): KnownBlock[] {
  const none = t(locale, 'reviews.none');
  const line = t(locale, 'reviews.itemLine', {
    kind: t(locale, `reviews.kind.${row.kind}`),
    light: row.light ? t(locale, `light.${row.light}`) : none,
    percent: row.percent === null ? none : `${row.percent}%`,
    due: row.due,
    reports: row.reports,
    last: row.last_report_at ? row.last_report_at.slice(0, 10) : t(locale, 'reviews.never'),
    escalations: row.escalations.length,
    findings: row.findings.length ? escapeShort(row.findings.join(', '), 300) : none,
    listed: row.listed.length ? escapeShort(row.listed.join(', '), 300) : none,
  });
  const current = row.verdict && row.reviewed_by && row.reviewed_at ? `\n${t(locale, 'reviews.current', { verdict: t(locale, `reviews.verdict.${row.verdict as Verdict}`), by: row.reviewed_by === 'system' ? t(locale, 'reviews.byImport') : mention(row.reviewed_by), at: row.reviewed_at.slice(0, 10) })}` : '';
  const initial = row.verdict ? verdictOption(locale, row.verdict as Verdict) : undefined;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${row.light ? lightEmoji[row.light] : '▫️'} *${escape(row.code)}* ${escapeShort(row.title, 200)}\n${line}${current}` } },
    {
      type: 'input',
      block_id: verdictBlock(row.code),
      optional: true,
      label: { type: 'plain_text', text: shorten(t(locale, 'reviews.verdictLabel', { code: row.code }), 2000) },
      element: { type: 'static_select', action_id: 'verdict', options: VERDICTS.map((verdict) => verdictOption(locale, verdict)), ...(initial && { initial_option: initial }) },
    },
    {
      type: 'input',
      block_id: noteBlock(row.code),
      optional: true,
      label: { type: 'plain_text', text: t(locale, 'reviews.noteLabel') },
      element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 1000, ...(row.note && { initial_value: row.note }) },
    },
  ];
}

/**
 * One page of the year-end review in a modal: the unit's summary, then each item with its light,
 * percent, reports, escalations, findings and orders, a verdict select and a note; the listed
 * orders on the last page. Saving a page records its verdicts and turns to the next.
 */
export function reviewPageModal(locale: Locale, document: ReviewDocument, unitName: string, state: ReviewPageState): View {
  const rows = reviewedRows(document);
  const pages = reviewPages(document);
  const page = Math.min(Math.max(1, state.page), pages);
  const orders = document.rows.filter((row) => row.kind === 'order');
  const count = (kind: string) => rows.filter((row) => row.kind === kind).length;
  const verdicts = (verdict: Verdict) => rows.filter((row) => row.verdict === verdict).length;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: t(locale, 'reviews.heading', { unit: escape(document.unit), name: escapeShort(unitName, 100), year: document.year }) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: t(locale, 'reviews.summary', {
            items: count('item'),
            findings: count('finding'),
            reports: count('report'),
            orders: orders.length,
            met: verdicts('met'),
            partly: verdicts('partly_met'),
            notMet: verdicts('not_met'),
            open: rows.filter((row) => !row.verdict).length,
          }),
        },
      ],
    },
    { type: 'divider' },
    ...rows.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE).flatMap((row) => itemBlocks(locale, row)),
  ];
  if (page === pages && orders.length) {
    const lines = orders.slice(0, MAX_ORDER_LINES).map((row) => t(locale, 'reviews.orderLine', { code: escape(row.code), subject: escape(row.title), state: escape(String(row.status ?? '')), due: row.due }));
    if (orders.length > MAX_ORDER_LINES) lines.push(t(locale, 'approval.more', { count: orders.length - MAX_ORDER_LINES }));
    blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(lines.join('\n'), 3000) } });
  }
  return {
    type: 'modal',
    callback_id: REVIEW_PAGE_MODAL,
    private_metadata: JSON.stringify({ ...state, page }),
    title: { type: 'plain_text', text: t(locale, 'reviews.pageTitle', { page, pages }) },
    submit: { type: 'plain_text', text: t(locale, page < pages ? 'reviews.saveNext' : 'reviews.save') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks,
  };
}
