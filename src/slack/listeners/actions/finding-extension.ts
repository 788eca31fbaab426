import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { render } from '../../../i18n/index.js';
import { EXTENSION_BUTTON, EXTENSION_MODAL, extensionModal } from '../../blocks/finding-modal.js';
import { refusalModal } from '../../blocks/progress-modal.js';
import { escape } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';

const metadata = z.object({ code: z.string(), channel: z.string().optional() });

/** "Request extension" on a finding: a modal for the new deadline and the reason, decided by the inspecting supervisor. */
export function registerFindingExtension(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(EXTENSION_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const locale = await deps.localeOf(user);
    const checked = await deps.services.findings.checkExtension(user, action.value ?? '');
    if (!checked.ok) {
      const text = render(locale, checked.refusal);
      if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${escape(text)}` } }] });
      else await client.views.open({ trigger_id: body.trigger_id, view: refusalModal(locale, escape(text)) });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: extensionModal(locale, checked.finding, { channel: body.channel?.id }) });
  });
  app.view(EXTENSION_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const where = metadata.parse(JSON.parse(view.private_metadata || '{}'));
    const locale = await deps.localeOf(user);
    const outcome = await deps.services.findings.requestExtension({
      actor: user,
      code: where.code,
      to: view.state.values.to?.to?.selected_date ?? '',
      because: view.state.values.because?.because?.value ?? '',
      source: 'modal',
    });
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [outcome.field ?? 'to']: render(locale, outcome.refusal) } });
      return;
    }
    await ack();
    const text = render(locale, { key: 'finding.extensionAsked', params: { code: outcome.finding.code, to: view.state.values.to?.to?.selected_date ?? '' } });
    if (where.channel) await client.chat.postEphemeral({ channel: where.channel, user, text });
  });
}
