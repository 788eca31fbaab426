import type { App } from '@slack/bolt';
import { parseSuperviseCommand } from '../../../domain/supervise-command.js';
import { t } from '../../../i18n/index.js';
import { superviseHelp } from '../../blocks/supervise-messages.js';
import type { ListenerDeps } from '../deps.js';
import { unescapeSlack } from '../deps.js';

/** `/supervise`: supervisors record inspections and findings and list subjects for supervision (SPEC §2.7). */
export function registerSuperviseCommand(app: App, deps: ListenerDeps): void {
  app.command('/supervise', async ({ command, ack }) => {
    const user = command.user_id;
    const parsed = parseSuperviseCommand(unescapeSlack(command.text));
    const locale = await deps.localeOf(user);
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...superviseHelp(locale, parsed.unknown && t(locale, 'supervise.unknown', { text: parsed.unknown })) });
      return;
    }
    // Not offered yet: the help says what is.
    await ack({ response_type: 'ephemeral', ...superviseHelp(locale, t(locale, 'supervise.unknown', { text: parsed.kind })) });
  });
}
