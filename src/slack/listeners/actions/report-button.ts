import type { App, BlockButtonAction } from '@slack/bolt';
import { render, t } from '../../../i18n/index.js';
import { refusalModal } from '../../blocks/progress-modal.js';
import { REPORT_BUTTON } from '../../blocks/report-button.js';
import { escape } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';
import { itemCode } from '../payloads.js';
import { openProgressModal } from '../open-progress-modal.js';

/** "Report progress" on a prompt, a notice or App Home: the modal for that item. */
export function registerReportButton(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(REPORT_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const code = itemCode.safeParse(action.value);
    const checked = code.success ? await deps.services.progress.check(user, code.data) : undefined;
    if (!checked?.ok) {
      const text = checked ? render(locale, checked.refusal) : t(locale, 'error.payloadInvalid');
      if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
      else await client.views.open({ trigger_id: body.trigger_id, view: refusalModal(locale, escape(text)) });
      return;
    }
    await openProgressModal(deps, client, {
      triggerId: body.trigger_id,
      user,
      locale,
      code: checked.item.code,
      metadata: { ...(body.channel?.id && { channel: body.channel.id }), origin: 'button' },
    });
  });
}
