import type { KnownBlock, View } from '@slack/types';
import type { ApprovalKind } from '../../domain/vocabulary.js';
import { VERIFICATION_METHODS, VERIFICATION_RESULTS, type Verification } from '../../domain/supervision.js';
import { t, type Locale } from '../../i18n/index.js';
import type { SlackText } from './progress-messages.js';
import { escape, escapeShort, fitLines, fitMrkdwn, link, mention } from './text.js';
import { publicListLink } from './digest.js';

export const APPROVE = 'approval_approve';
export const RETURN = 'approval_return';
export const RETURN_MODAL = 'approval_return_modal';

/** What an approval request carries (the outbox payload, or a decided request's details). */
export interface ApprovalPayload {
  approval: number;
  kind: ApprovalKind;
  unit: string;
  item?: string | null;
  requested_by?: string;
  head?: string | null;
  title?: string;
  note?: string;
  evidence_url?: string;
  percent?: number;
  milestone?: string;
  unit_name?: string;
  year?: number;
  count?: number;
  items?: { code: string; title: string; due: string; owners: string[] }[];
  ref?: string;
  action?: 'created' | 'updated';
  fields?: Record<string, { from: unknown; to: unknown }>;
  /** Set when four eyes sends the claim above its unit: the unit whose head decides. */
  seat_unit?: string;
  /** Set when an admin decides (no head above may). */
  seat_admins?: boolean;
  /** Who closes it: the unit head, a finding's inspecting supervisor, or an order's issuer. */
  closer?: 'head' | 'inspecting_supervisor' | 'issuer';
  /** An extension: the deadline asked to move, and why. */
  from?: string;
  to?: string;
  because?: string;
  /** An order's closure: the order's code. */
  order?: string;
  /** A listed case's closure: the case's code. */
  case?: string;
}

// Each part a person wrote is escaped and cut to its share; the whole is held to the section's limit last.
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } });
const show = (value: unknown) => (value === null || value === undefined ? '∅' : typeof value === 'string' ? value : JSON.stringify(value));

/** The request's body: who claims what, with note and evidence; a list's items; a change's old and new values side by side. */
function describe(locale: Locale, p: ApprovalPayload): { text: string; blocks: KnownBlock[] } {
  const head = p.head ? mention(p.head) : '';
  const claimant = p.requested_by ? mention(p.requested_by) : '';
  const code = escape(p.item ?? p.ref ?? '');
  const title = escapeShort(p.title ?? '', 200);
  switch (p.kind) {
    case 'result':
    case 'milestone': {
      const text =
        p.kind === 'result'
          ? t(locale, p.closer === 'inspecting_supervisor' ? 'approval.claimFinding' : 'approval.claimResult', { head, claimant, code, title })
          : t(locale, 'approval.claimMilestone', { head, claimant, code, title, milestone: escapeShort(p.milestone ?? '', 200) });
      return { text, blocks: [section(text), ...claimFacts(locale, p).map(section)] };
    }
    case 'signoff': {
      const text = t(locale, 'approval.signoff', { head, unit: escape(p.unit), name: escapeShort(p.unit_name ?? '', 200), year: p.year ?? 0, count: p.count ?? 0 });
      const lines = (p.items ?? []).map((item) => `• *${escape(item.code)}* ${escapeShort(item.title, 80)} — ${item.owners.map(mention).join(' ')} — ${item.due}`);
      // As many lines as fit, then the count of the rest (of all the list's items, not only those carried).
      const list = fitLines([], lines, Math.max(p.count ?? 0, lines.length), (count) => t(locale, 'approval.more', { count }), 3000);
      return { text, blocks: [section(text), ...(lines.length ? [section(list)] : [])] };
    }
    case 'extension': {
      const text = t(locale, 'approval.extension', { head, claimant, code, title, from: p.from ?? '', to: p.to ?? '', because: escapeShort(p.because ?? '', 1500) });
      return { text, blocks: [section(text)] };
    }
    case 'order_closure': {
      if (p.case) {
        // A listed case's head says it is concluded: the issuer sees their note and link.
        const text = t(locale, 'approval.caseClosure', { head, claimant, code, unit: escape(p.unit), order: escape(p.order ?? '') });
        return { text, blocks: [section(text), ...claimFacts(locale, p).map(section)] };
      }
      const text = t(locale, 'approval.orderClosure', { head, code, title, order: escape(p.order ?? '') });
      return { text, blocks: [section(text)] };
    }
    case 'change': {
      const action = t(locale, p.action === 'created' ? 'approval.changeCreated' : 'approval.changeUpdated');
      const text = t(locale, 'approval.change', { head, unit: escape(p.unit), code, action });
      const diff = Object.entries(p.fields ?? {}).map(([field, { from, to }]) => `• ${field}: ~${escapeShort(show(from), 300)}~ → ${escapeShort(show(to), 300)}`);
      return { text, blocks: [section(text), ...(diff.length ? [section(diff.join('\n'))] : [])] };
    }
  }
}

/** A claim's note and link (up to 2,000 characters each once escaped), a section each. */
function claimFacts(locale: Locale, p: ApprovalPayload): string[] {
  return [
    ...(p.note ? [`*${t(locale, 'approval.note')}:* ${escapeShort(p.note, 1500)}`] : []),
    ...(p.evidence_url ? [`*${t(locale, 'approval.evidence')}:* ${link(p.evidence_url, p.evidence_url.length > 100 ? t(locale, 'approval.evidence') : p.evidence_url)}`] : []),
  ];
}

/** Why a claim is decided above its unit (four eyes), when it is. */
function seatNote(locale: Locale, p: ApprovalPayload): KnownBlock[] {
  const note = p.seat_unit ? t(locale, 'approval.decidedAbove', { unit: escape(p.seat_unit) }) : p.seat_admins ? t(locale, 'approval.decidedByAdmin') : null;
  return note ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }] : [];
}

/** The request with its buttons: Approve (or Sign the list) and Return. */
export function approvalRequest(locale: Locale, p: ApprovalPayload): SlackText {
  const { text, blocks: body } = describe(locale, p);
  const blocks = [...body, ...seatNote(locale, p)];
  const value = String(p.approval);
  return {
    text,
    blocks: [
      ...blocks,
      {
        type: 'actions',
        block_id: `approval_${value}`,
        elements: [
          { type: 'button', action_id: APPROVE, value, style: 'primary', text: { type: 'plain_text', text: t(locale, p.kind === 'signoff' ? 'approval.sign' : 'approval.approve') } },
          { type: 'button', action_id: RETURN, value, text: { type: 'plain_text', text: t(locale, 'approval.return') } },
        ],
      },
    ],
  };
}

/** The request once decided (for chat.update): the buttons replaced by the outcome, who and when. */
export function decidedRequest(
  locale: Locale,
  p: ApprovalPayload,
  outcome: {
    state: 'approved' | 'returned';
    by: string;
    at: string;
    reason?: string | null;
    version?: number;
    hash?: string;
    verification?: Verification | undefined;
    /** A list just signed, with ZEREN_PUBLIC_URL set: its public page. */
    publicList?: { url: string; year: number } | undefined;
  },
): SlackText {
  const { text, blocks } = describe(locale, p);
  const line =
    outcome.state === 'returned'
      ? t(locale, 'approval.returned', { by: outcome.by, at: outcome.at, reason: escapeShort(outcome.reason ?? '', 1500) })
      : p.kind === 'signoff' || p.kind === 'change'
        ? t(locale, 'approval.signed', { by: outcome.by, at: outcome.at, version: outcome.version ?? 0, hash: (outcome.hash ?? '').slice(0, 12) })
        : t(locale, 'approval.approved', { by: outcome.by, at: outcome.at });
  const verified = outcome.verification ? [verificationLine(locale, outcome.verification)] : [];
  const published = outcome.state === 'approved' && outcome.publicList ? publicListLink(locale, outcome.publicList) : '';
  if (published) verified.push(published);
  // chat.update takes at most 4,000 characters of text.
  return { text: fitMrkdwn([text, line, ...verified].join('\n'), 4000), blocks: [...blocks, { type: 'context', elements: [line, ...verified].map((part) => ({ type: 'mrkdwn' as const, text: fitMrkdwn(part, 3000) })) }] };
}

/** "Verification: On-site check · Ineffective — note", in the reader's language. */
export const verificationLine = (locale: Locale, verification: Verification) =>
  t(locale, 'approval.verified', { method: t(locale, `verify.method.${verification.method}`), result: t(locale, `verify.result.${verification.result}`), note: escapeShort(verification.note ?? '', 1000) });

/** The claimant's DM with the outcome (and the reason when returned). */
export function approvalOutcome(locale: Locale, p: ApprovalPayload & { state: 'approved' | 'returned'; by: string; reason?: string | null; verification?: Verification | undefined }): SlackText {
  const named = { code: escape(p.item ?? ''), title: escapeShort(p.title ?? '', 200), by: p.by };
  const text =
    p.state === 'returned'
      ? t(locale, 'approval.outcomeReturned', { ...named, reason: escapeShort(p.reason ?? '', 2000) })
      : p.kind === 'extension'
        ? t(locale, 'approval.outcomeExtension', { ...named, to: p.to ?? '' })
        : t(locale, 'approval.outcomeApproved', named);
  const verified = p.verification ? [verificationLine(locale, p.verification)] : [];
  return { text: [text, ...verified].join('\n'), blocks: [section([text, ...verified].join('\n'))] };
}

/** The modal asking why a claim is returned. */
export function returnModal(locale: Locale, metadata: { approval: number }): View {
  return {
    type: 'modal',
    callback_id: RETURN_MODAL,
    // Only which request: the message to update is found from the request's own record.
    private_metadata: JSON.stringify({ approval: metadata.approval }),
    title: { type: 'plain_text', text: t(locale, 'approval.returnTitle') },
    submit: { type: 'plain_text', text: t(locale, 'approval.returnSubmit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [{ type: 'input', block_id: 'reason', label: { type: 'plain_text', text: t(locale, 'approval.reason') }, element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 2000 } }],
  };
}

export const VERIFY_MODAL = 'finding_verify_modal';

/** The modal a finding's inspecting supervisor fills in to decide a `done` claim: method, result and note. */
export function verifyModal(locale: Locale, metadata: { approval: number; channel?: string | undefined; ts?: string | undefined }, finding: { code: string; title: string }): View {
  const option = (value: string, text: string) => ({ value, text: { type: 'plain_text' as const, text } });
  return {
    type: 'modal',
    callback_id: VERIFY_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: t(locale, 'verify.title') },
    submit: { type: 'plain_text', text: t(locale, 'verify.submit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(t(locale, 'verify.intro', { code: escape(finding.code), title: escapeShort(finding.title, 200) }), 3000) } },
      { type: 'input', block_id: 'method', label: { type: 'plain_text', text: t(locale, 'verify.method') }, element: { type: 'static_select', action_id: 'method', options: VERIFICATION_METHODS.map((method) => option(method, t(locale, `verify.method.${method}`))) } },
      { type: 'input', block_id: 'result', label: { type: 'plain_text', text: t(locale, 'verify.result') }, element: { type: 'radio_buttons', action_id: 'result', options: VERIFICATION_RESULTS.map((result) => option(result, t(locale, `verify.result.${result}`))) } },
      { type: 'input', block_id: 'note', optional: true, label: { type: 'plain_text', text: t(locale, 'verify.note') }, element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 2000 } },
    ],
  };
}
