import type { KnownBlock } from '@slack/types';
import type { ReportStatus } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';
import { reportButton } from './report-button.js';
import { escape, mention, reportSummary, shorten } from './text.js';

export interface SlackText {
  text: string;
  blocks?: KnownBlock[];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The reporter's confirmation: the item, and what was recorded. */
export function recordedReply(
  locale: Locale,
  report: { code: string; title: string; percent: number | null; status: ReportStatus | null; note: string | null; repeated: boolean; awaitingApproval?: boolean },
): SlackText {
  const recorded = report.repeated
    ? t(locale, 'progress.repeated', { code: report.code, title: shorten(report.title, 200) })
    : t(locale, 'progress.recorded', { code: report.code, title: shorten(report.title, 200), summary: reportSummary(locale, report, 2000) });
  const text = report.awaitingApproval ? `${recorded} ${t(locale, 'progress.awaitingApproval')}` : recorded;
  return { text, blocks: [section(`✅ ${escape(text)}`)] };
}

/** A refusal or a problem with what was typed: one plain sentence. */
export function problemReply(text: string): SlackText {
  return { text, blocks: [section(`⚠️ ${escape(text)}`)] };
}

/** The unit channel's short notice of a report, with a button to report on the same item. */
export function reportNotice(
  locale: Locale,
  notice: { item: string; title: string; actor: string; percent?: number; status?: ReportStatus; note?: string; evidence_url?: string },
): SlackText {
  const summary = reportSummary(locale, notice, 1500);
  const text = t(locale, 'progress.notice', { actor: mention(notice.actor), code: escape(notice.item), title: escape(shorten(notice.title, 200)), summary: escape(summary) });
  const evidence = notice.evidence_url ? `\n<${notice.evidence_url.replace(/[|>]/g, '')}|${t(locale, 'progress.evidence')}>` : '';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `📈 ${text}${evidence}` } },
      { type: 'actions', elements: [reportButton(locale, notice.item)] },
    ],
  };
}
