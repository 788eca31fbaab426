import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { controlCharacterIn } from '../../../domain/control-characters.js';
import { isoWithOffset } from '../../../domain/time.js';
import { render } from '../../../i18n/index.js';
import type { DecidedApproval, Decision, DecisionOutcome } from '../../../services/approvals.js';
import { APPROVE, RETURN, RETURN_MODAL, decidedRequest, returnModal, type ApprovalPayload } from '../../blocks/approval-messages.js';
import { escape } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';

type Where = { channel?: string | undefined; ts?: string | undefined };

/** The Return modal says which request it is for, and nothing more is taken from it. */
const returnMetadata = z.object({ approval: z.number().int().positive() });

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

async function afterDecision(deps: ListenerDeps, client: WebClient, outcome: DecisionOutcome, where: Where | null) {
  if (outcome.ok) await showDecided(deps, client, where, outcome.approval);
  else if (outcome.decided) await showDecided(deps, client, where, outcome.decided);
}

/** Approve (or Sign the list) and Return, on requests for whoever decides; Return asks for a reason. */
export function registerApprovals(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(APPROVE, async ({ ack, body, action, client }) => {
    await ack();
    const decision: Decision = { id: Number(action.value), actor: body.user.id, decision: 'approve', source: 'button' };
    const outcome = await deps.services.approvals.decide(decision);
    await afterDecision(deps, client, outcome, await requestMessage(deps, decision.id, { channel: body.channel?.id, ts: body.message?.ts }));
    if (!outcome.ok && body.channel?.id) {
      const text = render(await deps.localeOf(decision.actor), outcome.refusal);
      await client.chat.postEphemeral({ channel: body.channel.id, user: decision.actor, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
    }
  });
  app.action<BlockButtonAction>(RETURN, async ({ ack, body, action, client }) => {
    await ack();
    const locale = await deps.localeOf(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: returnModal(locale, { approval: Number(action.value) }) });
  });
  app.view(RETURN_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    let metadata: unknown;
    try {
      metadata = JSON.parse(view.private_metadata || '{}');
    } catch {
      metadata = undefined;
    }
    const parsed = returnMetadata.safeParse(metadata);
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: { reason: render(locale, { key: 'approval.unknown' }) } });
      return;
    }
    const reason = view.state.values.reason?.reason?.value ?? '';
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
    const outcome = await deps.services.approvals.decide({ id: parsed.data.approval, actor, decision: 'return', reason, source: 'modal' });
    // A refusal is said in the form itself, in the reader's language; nothing was written.
    if (!outcome.ok) await ack({ response_action: 'errors', errors: { reason: render(locale, outcome.refusal) } });
    else await ack();
    await afterDecision(deps, client, outcome, await requestMessage(deps, parsed.data.approval));
  });
}
