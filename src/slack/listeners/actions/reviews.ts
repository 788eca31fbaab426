import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { defaultReviewYear } from '../../../domain/reviews.js';
import { render, t } from '../../../i18n/index.js';
import { REVIEW_OPEN, REVIEW_PAGE_MODAL, REVIEW_PICK_MODAL, noteBlock, reviewPageModal, reviewPages, reviewPickModal, verdictBlock, type ReviewPageState } from '../../blocks/review-modal.js';
import { superviseNoticeView } from '../../blocks/supervise-modals.js';
import { shorten } from '../../blocks/text.js';
import { unescapeSlack, type ListenerDeps } from '../deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

const pageState = z.object({ unit: z.string().min(1).max(64), year: z.number().int().min(2000).max(2100), page: z.number().int().min(1), written: z.number().int().min(0) });
const parseState = (metadata: string): ReviewPageState | null => {
  try {
    const parsed = pageState.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/**
 * The year-end review in Slack (逐项过堂): App Home's button asks for a unit and a year, then shows
 * the review a page at a time, each item with a verdict select and a note. Saving a page records
 * its verdicts (all or none; refusals said beside their field) and turns to the next page.
 */
export function registerReviews(app: App, deps: ListenerDeps): void {
  const { reviews } = deps.services;

  app.action<BlockButtonAction>(REVIEW_OPEN, async ({ ack, body, client }) => {
    await ack();
    const actor = body.user.id;
    const [locale, units] = await Promise.all([deps.localeOf(actor), reviews.units(actor)]);
    const view = units.length ? reviewPickModal(locale, units, defaultReviewYear(deps.services.today())) : superviseNoticeView(locale, t(locale, 'reviews.notReviewerAny'));
    await (client as WebClient).views.open({ trigger_id: body.trigger_id, view });
  });

  app.view(REVIEW_PICK_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const unit = values.unit?.unit?.selected_option?.value ?? (unescapeSlack(values.unit?.unit?.value ?? '').trim() || '');
    const yearText = (values.year?.year?.value ?? '').trim();
    const [locale, units] = await Promise.all([deps.localeOf(actor), reviews.units(actor)]);
    if (!/^\d{4}$/.test(yearText)) return void (await ack({ response_action: 'errors', errors: { year: t(locale, 'reviews.badYear') } }));
    const chosen = units.find((candidate) => candidate.code.toLowerCase() === unit.toLowerCase());
    if (!chosen) return void (await ack({ response_action: 'errors', errors: { unit: t(locale, 'reviews.notReviewer', { unit: unit || '—' }) } }));
    const document = await reviews.document(chosen.code, Number(yearText));
    if (!document || document.rows.length === 0) {
      return void (await ack({ response_action: 'update', view: superviseNoticeView(locale, t(locale, 'reviews.empty', { unit: chosen.code, year: Number(yearText) })) }));
    }
    await ack({ response_action: 'update', view: reviewPageModal(locale, document, chosen.name, { unit: chosen.code, year: Number(yearText), page: 1, written: 0 }) });
  });

  app.view(REVIEW_PAGE_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const state = parseState(view.private_metadata);
    const values = view.state.values as Values;
    const units = await reviews.units(actor);
    const unit = state && units.find((candidate) => candidate.code === state.unit);
    if (!state || !unit) return void (await ack({ response_action: 'update', view: superviseNoticeView(locale, t(locale, 'reviews.notReviewer', { unit: state?.unit ?? '—' })) }));
    const verdicts: { item: string; verdict: string; note: string | null }[] = [];
    for (const block of Object.keys(values)) {
      if (!block.startsWith('verdict|')) continue;
      const code = block.slice('verdict|'.length);
      const verdict = values[block]?.verdict?.selected_option?.value;
      const note = unescapeSlack(values[noteBlock(code)]?.note?.value ?? '');
      if (!verdict) {
        if (note.trim()) return void (await ack({ response_action: 'errors', errors: { [noteBlock(code)]: t(locale, 'reviews.noteWithoutVerdict') } }));
        continue;
      }
      verdicts.push({ item: code, verdict, note });
    }
    const outcome = await reviews.record(actor, verdicts);
    if (!outcome.ok) {
      const code = verdicts[outcome.index]?.item ?? '';
      return void (await ack({ response_action: 'errors', errors: { [outcome.field === 'note' ? noteBlock(code) : verdictBlock(code)]: shorten(render(locale, outcome.refusal), 300) } }));
    }
    const written = state.written + outcome.written;
    const document = await reviews.document(state.unit, state.year);
    if (document && state.page < reviewPages(document)) {
      return void (await ack({ response_action: 'update', view: reviewPageModal(locale, document, unit.name, { ...state, page: state.page + 1, written }) }));
    }
    await ack({ response_action: 'update', view: superviseNoticeView(locale, t(locale, 'reviews.saved', { written, unit: state.unit, year: state.year })) });
  });
}
