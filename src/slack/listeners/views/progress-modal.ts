import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ErrorCode as WebErrorCode } from '@slack/web-api';
import { REPORT_STATUSES, type ReportStatus } from '../../../domain/vocabulary.js';
import { render } from '../../../i18n/index.js';
import { PROGRESS_MODAL, type ProgressModalMetadata } from '../../blocks/progress-modal.js';
import { recordedReply, type SlackText } from '../../blocks/progress-messages.js';
import type { ListenerDeps } from '../deps.js';

const isStatus = (value: string | undefined): value is ReportStatus => (REPORT_STATUSES as readonly (string | undefined)[]).includes(value);

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
    const values = view.state.values;
    const metadata = JSON.parse(view.private_metadata || '{}') as Partial<ProgressModalMetadata>;
    const percentText = values.percent?.percent?.value;
    const status = values.status?.status?.selected_option?.value ?? undefined;
    const [locale, outcome] = await Promise.all([
      deps.localeOf(user),
      deps.services.progress.record({
        actor: user,
        code: values.item?.item?.selected_option?.value ?? '',
        percent: percentText ? Number(percentText) : undefined,
        status: isStatus(status) ? status : undefined,
        note: values.note?.note?.value ?? undefined,
        evidenceUrl: values.evidence?.evidence?.value ?? undefined,
        milestone: values.milestone?.milestone?.selected_option ? Number(values.milestone.milestone.selected_option.value) : undefined,
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
