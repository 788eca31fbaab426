import type { App } from '@slack/bolt';
import { parseSuperviseCommand } from '../../../domain/supervise-command.js';
import { t } from '../../../i18n/index.js';
import { superviseHelp } from '../../blocks/supervise-messages.js';
import { superviseOpeners } from '../actions/supervise.js';
import type { ListenerDeps } from '../deps.js';
import { unescapeSlack } from '../deps.js';

/**
 * `/supervise`: help, or the supervisors' forms — record an inspection, add a finding to one, list
 * a subject for supervision, create a report round (SPEC §2.7). Someone not entitled is told why, ephemerally, and gets no form.
 */
export function registerSuperviseCommand(app: App, deps: ListenerDeps): void {
  const open = superviseOpeners(deps);
  app.command('/supervise', async ({ command, ack, client }) => {
    const user = command.user_id;
    const parsed = parseSuperviseCommand(unescapeSlack(command.text));
    const locale = await deps.localeOf(user);
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...superviseHelp(locale, parsed.unknown && t(locale, 'supervise.unknown', { text: parsed.unknown })) });
      return;
    }
    const opened =
      parsed.kind === 'inspect'
        ? await open.inspection(user, locale)
        : parsed.kind === 'round'
          ? await open.round(user, locale)
          : parsed.kind === 'finding'
            ? await open.finding(user, locale, parsed.code)
            : await open.list(user, locale, parsed.code);
    if ('refusal' in opened) {
      await ack({ response_type: 'ephemeral', text: `⚠️ ${opened.refusal}`, blocks: [{ type: 'section', text: { type: 'plain_text', text: `⚠️ ${opened.refusal}` } }] });
      return;
    }
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: opened.view });
  });
}
