import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ErrorCode as WebErrorCode } from '@slack/web-api';
import { z } from 'zod';
import { REPORT_STATUSES } from '../../../domain/vocabulary.js';
import { render, t } from '../../../i18n/index.js';
import { PROGRESS_MODAL, type ProgressModalMetadata } from '../../blocks/progress-modal.js';
import { recordedReply, type SlackText } from '../../blocks/progress-messages.js';
import type { ListenerDeps } from '../deps.js';
import { conversationId, input, parseMetadata, readView } from '../payloads.js';

/** What the modal says about itself (progressModal() writes it); nothing else is taken from it. */
const progressMetadata: z.ZodType<Partial<ProgressModalMetadata>> = z.object({ origin: z.enum(['modal', 'button']).optional(), channel: conversationId.optional() });

/** The modal's inputs (see slack/blocks/progress-modal.ts). */
const submission = {
  item: input.select,
  percent: input.text.transform((text) => text || undefined).pipe(z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number).optional()),
  status: input.select.pipe(z.enum(REPORT_STATUSES).optional()),
  note: input.text,
  // A checkbox group: ticked when its one option is selected.
  internal: z
    .object({ selected_options: z.array(z.object({ value: z.string() })).nullish() })
    .nullish()
    .transform((state) => state?.selected_options?.some((option) => option.value === 'internal') ?? false),
  evidence: input.text,
  milestone: input.select.pipe(z.string().regex(/^\d{1,4}$/).transform(Number).optional()),
};

/** Tells the reporter what was recorded: in the channel they came from when the bot is there, else by DM. */
async function confirm(client: WebClient, user: string, channel: string | undefined, reply: SlackText) {
  if (channel) {
    try {
      await client.chat.postEphemeral({ channel, user, ...reply });
      return;
    } catch (error) {
      // Not a channel the bot is in (a DM between people, say): a DM from the bot will do.
      if ((error as { code?: string }).code !== WebErrorCode.PlatformError) throw error;
    }
  }
  await client.chat.postMessage({ channel: user, ...reply });
}

/** The modal's submission: validated like the command; problems shown beside the field. */
export function registerProgressModal(app: App, deps: ListenerDeps): void {
  app.view(PROGRESS_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const metadata = parseMetadata(progressMetadata, view.private_metadata);
    const read = readView(view.state.values, submission);
    if (!metadata || !read.ok) {
      const locale = await deps.localeOf(user);
      await ack({ response_action: 'errors', errors: metadata ? { [read.ok ? 'item' : read.field]: t(locale, 'error.fieldInvalid') } : { item: t(locale, 'error.payloadInvalid') } });
      return;
    }
    const values = read.data;
    const [locale, outcome] = await Promise.all([
      deps.localeOf(user),
      deps.services.progress.record({
        actor: user,
        code: values.item ?? '',
        percent: values.percent,
        status: values.status,
        note: values.note,
        internal: values.internal,
        evidenceUrl: values.evidence,
        milestone: values.milestone,
        source: metadata.origin === 'button' ? 'button' : 'modal',
        // A view is submitted once; the same id again is a double submission or a retry.
        requestKey: `view:${view.id}`,
      }),
    ]);
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [outcome.field ?? 'item']: render(locale, outcome.refusal) } });
      return;
    }
    await ack();
    await confirm(client, user, metadata.channel, recordedReply(locale, { ...outcome.item, ...outcome }));
  });
}
