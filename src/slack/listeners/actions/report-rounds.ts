import type { App, BlockButtonAction } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import { z } from 'zod';
import { render, t } from '../../../i18n/index.js';
import { RATE_BUTTON, RATE_MODAL, rateModal, roundRefusalModal, SUBMIT_BUTTON, SUBMIT_MODAL, submitModal } from '../../blocks/round-modal.js';
import { escape } from '../../blocks/text.js';
import { unescapeSlack, type ListenerDeps } from '../deps.js';
import { conversationId, input, itemCode, parseMetadata, readView } from '../payloads.js';

const unreachable = new Set(['user_not_in_channel', 'channel_not_found', 'not_in_channel']);
const ephemeralUnreachable = (error: unknown) => {
  const coded = error as { code?: string; data?: { error?: unknown } } | null;
  return coded?.code === ErrorCode.PlatformError && typeof coded.data?.error === 'string' && unreachable.has(coded.data.error);
};

const metadata = z.object({ item: itemCode, channel: conversationId.optional() });
const url = z.object({ value: z.string().nullish() }).nullish().transform((state) => state?.value ?? undefined);

/**
 * Report rounds in Slack: **Submit report** on a prompt opens the report modal (the unit's head,
 * or their deputy); **Rate** on a submission opens the rating modal (a named reviewer only). What
 * is refused is said in an ephemeral message (or a modal outside a channel), writing nothing.
 */
export function registerReportRounds(app: App, deps: ListenerDeps): void {
  const refuse = async (client: Parameters<Parameters<typeof app.action>[1]>[0]['client'], body: BlockButtonAction, text: string) => {
    const user = body.user.id;
    if (body.channel?.id) {
      try {
        await client.chat.postEphemeral({ channel: body.channel.id, user, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
        return;
      } catch (error) {
        // A button pressed where an ephemeral cannot reach the presser (a forwarded DM, a channel
        // they have left) is answered in a modal instead; anything else is a real failure.
        if (!ephemeralUnreachable(error)) throw error;
      }
    }
    await client.views.open({ trigger_id: body.trigger_id, view: roundRefusalModal(await deps.localeOf(user), `⚠️ ${escape(text)}`) });
  };

  app.action<BlockButtonAction>(SUBMIT_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const item = itemCode.safeParse(action.value);
    const checked = item.success ? await deps.services.rounds.checkSubmit(user, item.data) : undefined;
    if (!checked?.ok) return refuse(client, body, checked ? render(locale, checked.refusal) : t(locale, 'error.payloadInvalid'));
    await client.views.open({ trigger_id: body.trigger_id, view: submitModal(locale, checked.report, { channel: body.channel?.id }) });
  });

  app.view(SUBMIT_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const where = parseMetadata(metadata, view.private_metadata);
    const read = readView(view.state.values, { summary: input.text, link: url });
    if (!where || !read.ok) return ack({ response_action: 'errors', errors: { summary: t(locale, 'error.payloadInvalid') } });
    const outcome = await deps.services.rounds.submit({ actor: user, item: where.item, summary: unescapeSlack(read.data.summary ?? ''), link: read.data.link, source: 'modal' });
    if (!outcome.ok) return ack({ response_action: 'errors', errors: { [outcome.field ?? 'summary']: render(locale, outcome.refusal) } });
    await ack();
    const text = t(locale, outcome.replaced ? 'rounds.resubmittedOk' : 'rounds.submittedOk', { round: escape(outcome.report.round), unit: escape(outcome.report.unit), timing: t(locale, outcome.onTime ? 'rounds.onTime' : 'rounds.late') });
    if (where.channel) await client.chat.postEphemeral({ channel: where.channel, user, text });
  });

  app.action<BlockButtonAction>(RATE_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const item = itemCode.safeParse(action.value);
    const checked = item.success ? await deps.services.rounds.checkRate(user, item.data) : undefined;
    if (!checked?.ok) return refuse(client, body, checked ? render(locale, checked.refusal) : t(locale, 'error.payloadInvalid'));
    await client.views.open({ trigger_id: body.trigger_id, view: rateModal(locale, checked.report, checked.current, { channel: body.channel?.id }) });
  });

  app.view(RATE_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const where = parseMetadata(metadata, view.private_metadata);
    const read = readView(view.state.values, {
      rating: z.object({ selected_option: z.object({ value: z.string() }).nullish() }).nullish().transform((state) => state?.selected_option?.value),
      feedback: input.text,
      finding_title: input.text,
      finding_severity: input.select,
      finding_requirement: input.text,
      finding_due: input.date,
    });
    if (!where || !read.ok) return ack({ response_action: 'errors', errors: { [read.ok ? 'rating' : read.field]: t(locale, 'error.payloadInvalid') } });
    const { rating, feedback, finding_title, finding_severity, finding_requirement, finding_due } = read.data;
    // A finding is asked for by giving it a title or a requirement; the rest is then required.
    const wantsFinding = Boolean(finding_title?.trim() || finding_requirement?.trim());
    const outcome = await deps.services.rounds.rate({
      actor: user,
      item: where.item,
      rating: rating ?? '',
      feedback: unescapeSlack(feedback ?? ''),
      ...(wantsFinding && { finding: { title: unescapeSlack(finding_title ?? ''), severity: finding_severity ?? 'minor', requirement: unescapeSlack(finding_requirement ?? ''), due: finding_due ?? '' } }),
      source: 'modal',
    });
    if (!outcome.ok) return ack({ response_action: 'errors', errors: { [outcome.field ?? 'rating']: render(locale, outcome.refusal) } });
    await ack();
    const text = [
      t(locale, outcome.changed ? 'rounds.ratingChangedOk' : 'rounds.ratedOk', { round: escape(outcome.report.round), unit: escape(outcome.report.unit), rating: t(locale, `rounds.rating.${outcome.rating}`) }),
      ...(outcome.finding ? [t(locale, 'rounds.findingOpenedOk', { code: escape(outcome.finding) })] : []),
    ].join(' ');
    if (where.channel) await client.chat.postEphemeral({ channel: where.channel, user, text });
  });
}
