import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { controlCharacterIn } from '../../../domain/control-characters.js';
import { isoWithOffset } from '../../../domain/time.js';
import { render, type Locale } from '../../../i18n/index.js';
import type { DecidedApproval, Decision } from '../../../services/approvals.js';
import { APPROVE, RETURN, RETURN_MODAL, decidedRequest, returnModal, type ApprovalPayload } from '../../blocks/approval-messages.js';
import { escape } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';

/** Replaces a request's buttons by its outcome, so that nobody can press twice. */
async function showDecided(deps: ListenerDeps, client: WebClient, where: { channel?: string; ts?: string }, locale: Locale, decided: DecidedApproval) {
  if (!where.channel || !where.ts) return;
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

async function decide(deps: ListenerDeps, client: WebClient, decision: Decision, where: { channel?: string; ts?: string }) {
  const locale = where.channel && /^[CG]/.test(where.channel) ? deps.services.defaultLocale : await deps.localeOf(decision.actor);
  const outcome = await deps.services.approvals.decide(decision);
  if (outcome.ok) {
    await showDecided(deps, client, where, locale, outcome.approval);
    return;
  }
  const text = render(await deps.localeOf(decision.actor), outcome.refusal);
  if (outcome.decided) await showDecided(deps, client, where, locale, outcome.decided);
  if (where.channel) await client.chat.postEphemeral({ channel: where.channel, user: decision.actor, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
}

/** Approve (or Sign the list) and Return, on requests for the unit head; Return asks for a reason. */
export function registerApprovals(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(APPROVE, async ({ ack, body, action, client }) => {
    await ack();
    await decide(deps, client, { id: Number(action.value), actor: body.user.id, decision: 'approve', source: 'button' }, { channel: body.channel?.id, ts: body.message?.ts });
  });
  app.action<BlockButtonAction>(RETURN, async ({ ack, body, action, client }) => {
    await ack();
    const locale = await deps.localeOf(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: returnModal(locale, { approval: Number(action.value), channel: body.channel?.id, ts: body.message?.ts }) });
  });
  app.view(RETURN_MODAL, async ({ ack, body, view, client }) => {
    const where = JSON.parse(view.private_metadata || '{}') as { approval: number; channel?: string; ts?: string };
    const reason = view.state.values.reason?.reason?.value ?? '';
    if (!reason.trim()) {
      await ack({ response_action: 'errors', errors: { reason: render(await deps.localeOf(body.user.id), { key: 'approval.reasonNeeded' }) } });
      return;
    }
    // A NUL would fail the decision in the database; refused beside the field instead.
    const control = controlCharacterIn(reason, { lines: true });
    if (control) {
      await ack({ response_action: 'errors', errors: { reason: render(await deps.localeOf(body.user.id), { key: 'approval.reasonControl', params: { code: control } }) } });
      return;
    }
    await ack();
    await decide(deps, client, { id: where.approval, actor: body.user.id, decision: 'return', reason, source: 'modal' }, where);
  });
}
