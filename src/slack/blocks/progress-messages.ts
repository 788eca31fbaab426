import type { KnownBlock } from '@slack/types';
import type { ReportStatus } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';
import { itemMenu } from './item-edit-modal.js';
import { reportButton } from './report-button.js';
import { escape, escapeShort, fitMrkdwn, link, mention, reportSummary, shorten } from './text.js';

export interface SlackText {
  text: string;
  blocks?: KnownBlock[];
}

// Every part a person wrote is escaped and cut to its share first; this keeps the whole within Block Kit's limit.
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } });

/** The reporter's confirmation: the item, and what was recorded. */
export function recordedReply(
  locale: Locale,
  report: { code: string; title: string; percent: number | null; status: ReportStatus | null; note: string | null; internal?: boolean; repeated: boolean; awaitingApproval?: boolean; decider?: string | null },
): SlackText {
  const words = (write: (text: string, max: number) => string) => {
    const said = report.repeated
      ? t(locale, 'progress.repeated', { code: write(report.code, 100), title: write(report.title, 200) })
      : t(locale, 'progress.recorded', { code: write(report.code, 100), title: write(report.title, 200), summary: reportSummary(locale, report, 2000, write) });
    const recorded = report.internal && !report.repeated ? `${said} ${t(locale, 'listlife.internalNote')}` : said;
    if (!report.awaitingApproval) return recorded;
    // The decider is a user id of ours, mentioned as is (not text someone typed).
    return report.decider ? `${recorded} ${t(locale, 'progress.awaitingApprovalBy', { decider: report.decider })}` : `${recorded} ${write(t(locale, 'progress.awaitingApproval'), 200)}`;
  };
  // The fallback text is plain (notifications); the block is the same words escaped, each within its share.
  return { text: words(shorten), blocks: [section(`✅ ${words(escapeShort)}`)] };
}

/** A refusal or a problem with what was typed: one plain sentence. */
export function problemReply(text: string): SlackText {
  return { text: shorten(text, 3000), blocks: [section(`⚠️ ${escapeShort(text, 2900)}`)] };
}

/** The unit channel's short notice of a report, with a button to report on the same item. */
export function reportNotice(
  locale: Locale,
  notice: { item: string; title: string; actor: string; percent?: number; status?: ReportStatus; note?: string; internal?: true; evidence_url?: string },
): SlackText {
  const text = t(locale, 'progress.notice', {
    actor: mention(notice.actor),
    code: escape(notice.item),
    title: escapeShort(notice.title, 200),
    summary: reportSummary(locale, notice, 1500),
  });
  // The link has a block of its own: up to 2,000 characters, it would not fit beside a long note.
  const evidence: KnownBlock[] = notice.evidence_url ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(link(notice.evidence_url, t(locale, 'progress.evidence')), 3000) }] }] : [];
  const internal: KnownBlock[] = notice.internal ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'listlife.internalNote') }] }] : [];
  return {
    text: fitMrkdwn(text, 3000),
    blocks: [section(`📈 ${text}`), ...internal, ...evidence, { type: 'actions', elements: [reportButton(locale, notice.item), itemMenu(locale, notice.item, false)] }],
  };
}
