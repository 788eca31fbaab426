import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { controlCharacterIn } from '../../../domain/control-characters.js';
import { isoWithOffset } from '../../../domain/time.js';
import { publicListUrl } from '../../../domain/public-links.js';
import { render, t } from '../../../i18n/index.js';
import type { DecidedApproval, Decision, DecisionOutcome } from '../../../services/approvals.js';
import { VERIFICATION_METHODS, VERIFICATION_RESULTS, type Verification } from '../../../domain/supervision.js';
import { APPROVE, RETURN, RETURN_MODAL, VERIFY_MODAL, decidedRequest, returnModal, verifyModal, type ApprovalPayload } from '../../blocks/approval-messages.js';
import { escape } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';
import { approvalId, input, parseMetadata, readView } from '../payloads.js';

type Where = { channel?: string | undefined; ts?: string | undefined };

/** The Return modal says which request it is for, and nothing more is taken from it. */
const returnMetadata = z.object({ approval: z.number().int().positive() });
const isOneOf = <T extends string>(values: readonly T[], value: string | undefined | null): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

/** A list signed just now, with ZEREN_PUBLIC_URL set: the public page it is published on. */
function publicListOf(deps: ListenerDeps, decided: DecidedApproval) {
  const year = (decided.details as { year?: unknown }).year;
  if (decided.kind !== 'signoff' || decided.state !== 'approved' || typeof year !== 'number') return undefined;
  const url = publicListUrl(deps.services.publicUrl, decided.unit, year);
  return url ? { url, year } : undefined;
}

/** Replaces a request's buttons by its outcome, so that nobody can press twice. */
async function showDecided(deps: ListenerDeps, client: WebClient, where: Where | null, decided: DecidedApproval) {
  if (!where?.channel || !where.ts) return;
  const locale = /^[CG]/.test(where.channel) ? deps.services.defaultLocale : await deps.localeOf(decided.decidedBy);
  const payload = { ...(decided.details as object), approval: decided.id, kind: decided.kind, unit: decided.unit, item: decided.item, requested_by: decided.requestedBy, head: decided.decidedBy } as ApprovalPayload;
  if (decided.kind === 'change') Object.assign(payload, { ref: decided.details.ref });
  const message = decidedRequest(locale, payload, {
    state: decided.state,
    by: decided.decidedBy,
    at: isoWithOffset(decided.decidedAt, deps.services.timeZone).slice(0, 16).replace('T', ' '),
    reason: decided.reason,
    version: decided.result?.version,
    hash: decided.result?.hash,
    verification: decided.result?.verification,
    publicList: publicListOf(deps, decided),
  });
  await client.chat.update({ channel: where.channel, ts: where.ts, ...message });
}

/**
 * The request's message, from the request's own delivery record; a button press may fall back on
 * the message it came from (Slack names it, in a signed request), a form never.
 */
async function requestMessage(deps: ListenerDeps, approval: number, pressedOn?: Where): Promise<Where | null> {
  const recorded = Number.isSafeInteger(approval) ? await deps.services.approvals.message(approval) : null;
  return recorded ?? (pressedOn?.channel && pressedOn.ts ? pressedOn : null);
}

/** A button whose value does not parse: said to the presser, nothing decided. */
async function refuseUnreadable(deps: ListenerDeps, client: WebClient, user: string, channel: string | undefined) {
  if (!channel) return;
  const text = t(await deps.localeOf(user), 'error.payloadInvalid');
  await client.chat.postEphemeral({ channel, user, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
}

async function afterDecision(deps: ListenerDeps, client: WebClient, outcome: DecisionOutcome, where: Where | null) {
  if (outcome.ok) await showDecided(deps, client, where, outcome.approval);
  else if (outcome.decided) await showDecided(deps, client, where, outcome.decided);
}

/** Approve (or Sign the list) and Return, on requests for whoever decides; Return asks for a reason. */
export function registerApprovals(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(APPROVE, async ({ ack, body, action, client }) => {
    await ack();
    const id = approvalId.safeParse(action.value);
    if (!id.success) {
      await refuseUnreadable(deps, client, body.user.id, body.channel?.id);
      return;
    }
    const decision: Decision = { id: id.data, actor: body.user.id, decision: 'approve', source: 'button' };
    const outcome = await deps.services.approvals.decide(decision);
    // A finding's closer is entitled, and says how they verified it in a modal; nothing is written yet.
    if (!outcome.ok && outcome.verify) {
      await client.views.open({ trigger_id: body.trigger_id, view: verifyModal(await deps.localeOf(decision.actor), { approval: decision.id }, outcome.verify) });
      return;
    }
    await afterDecision(deps, client, outcome, await requestMessage(deps, decision.id, { channel: body.channel?.id, ts: body.message?.ts }));
    if (!outcome.ok && body.channel?.id) {
      const text = render(await deps.localeOf(decision.actor), outcome.refusal);
      await client.chat.postEphemeral({ channel: body.channel.id, user: decision.actor, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
    }
  });
  app.action<BlockButtonAction>(RETURN, async ({ ack, body, action, client }) => {
    await ack();
    const id = approvalId.safeParse(action.value);
    if (!id.success) {
      await refuseUnreadable(deps, client, body.user.id, body.channel?.id);
      return;
    }
    const locale = await deps.localeOf(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: returnModal(locale, { approval: id.data }) });
  });
  app.view(RETURN_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const metadata = parseMetadata(returnMetadata, view.private_metadata);
    if (!metadata) {
      await ack({ response_action: 'errors', errors: { reason: render(locale, { key: 'approval.unknown' }) } });
      return;
    }
    const read = readView(view.state.values, { reason: input.text });
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: { reason: t(locale, 'error.fieldInvalid') } });
      return;
    }
    const reason = read.data.reason ?? '';
    if (!reason.trim()) {
      await ack({ response_action: 'errors', errors: { reason: render(locale, { key: 'approval.reasonNeeded' }) } });
      return;
    }
    // A NUL would fail the decision in the database; refused beside the field instead.
    const control = controlCharacterIn(reason, { lines: true });
    if (control) {
      await ack({ response_action: 'errors', errors: { reason: render(locale, { key: 'approval.reasonControl', params: { code: control } }) } });
      return;
    }
    const outcome = await deps.services.approvals.decide({ id: metadata.approval, actor, decision: 'return', reason, source: 'modal' });
    // A refusal is said in the form itself, in the reader's language; nothing was written.
    if (!outcome.ok) await ack({ response_action: 'errors', errors: { reason: render(locale, outcome.refusal) } });
    else await ack();
    await afterDecision(deps, client, outcome, await requestMessage(deps, metadata.approval));
  });
  app.view(VERIFY_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const metadata = parseMetadata(returnMetadata, view.private_metadata);
    if (!metadata) {
      await ack({ response_action: 'errors', errors: { note: render(locale, { key: 'approval.unknown' }) } });
      return;
    }
    const read = readView(view.state.values, { method: input.select, result: input.select, note: input.text });
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: { [read.field]: t(locale, 'error.fieldInvalid') } });
      return;
    }
    const { method, result } = read.data;
    const note = read.data.note?.trim() ?? '';
    if (!isOneOf(VERIFICATION_METHODS, method) || !isOneOf(VERIFICATION_RESULTS, result)) {
      await ack({ response_action: 'errors', errors: { [isOneOf(VERIFICATION_METHODS, method) ? 'result' : 'method']: render(locale, { key: 'finding.verificationNeeded' }) } });
      return;
    }
    const control = controlCharacterIn(note, { lines: true });
    if (control) {
      await ack({ response_action: 'errors', errors: { note: render(locale, { key: 'approval.reasonControl', params: { code: control } }) } });
      return;
    }
    const verification: Verification = { method, result, ...(note && { note }) };
    const outcome = await deps.services.approvals.decide({ id: metadata.approval, actor, decision: 'approve', verification, source: 'modal' });
    // A refusal (a note missing, no longer entitled, already decided) is said in the form; nothing was written.
    if (!outcome.ok) await ack({ response_action: 'errors', errors: { note: render(locale, outcome.refusal) } });
    else await ack();
    await afterDecision(deps, client, outcome, await requestMessage(deps, metadata.approval));
  });
}
