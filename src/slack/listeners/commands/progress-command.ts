import type { App } from '@slack/bolt';
import { parseProgressCommand } from '../../../domain/progress-command.js';
import { render, t } from '../../../i18n/index.js';
import { problemReply, recordedReply, type SlackText } from '../../blocks/progress-messages.js';
import { type ListenerDeps, unescapeSlack, within } from '../deps.js';
import { openProgressModal } from '../open-progress-modal.js';

// Past this, the answer goes through response_url instead of the acknowledgement.
const ACK_BUDGET_MS = 2000;

/** `/progress`: help, the modal, or a report recorded at once (SPEC §2.3). */
export function registerProgressCommand(app: App, deps: ListenerDeps): void {
  app.command('/progress', async ({ command, ack, client, respond }) => {
    const user = command.user_id;
    const parsed = parseProgressCommand(unescapeSlack(command.text));
    const ephemeral = (reply: SlackText) => ({ response_type: 'ephemeral' as const, ...reply });

    if (parsed.kind === 'help') {
      const locale = await deps.localeOf(user);
      await ack(ephemeral({ text: t(locale, 'progress.help'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t(locale, 'progress.help') } }] }));
      return;
    }
    if (parsed.kind === 'invalid') {
      await ack(ephemeral(problemReply(render(await deps.localeOf(user), parsed.problem))));
      return;
    }
    if (parsed.kind === 'modal') {
      const locale = await deps.localeOf(user);
      if (parsed.code) {
        const checked = await deps.services.progress.check(user, parsed.code);
        if (!checked.ok) {
          await ack(ephemeral(problemReply(render(locale, checked.refusal))));
          return;
        }
        parsed.code = checked.item.code;
      }
      await ack();
      await openProgressModal(deps, client, { triggerId: command.trigger_id, user, locale, code: parsed.code, metadata: { channel: command.channel_id, origin: 'modal' } });
      return;
    }

    let failure: unknown;
    const answer = (async () => {
      const [locale, outcome] = await Promise.all([
        deps.localeOf(user),
        deps.services.progress.record({ ...parsed, actor: user, source: 'slash_command', requestKey: `command:${command.trigger_id}` }),
      ]);
      return ephemeral(outcome.ok ? recordedReply(locale, { ...outcome.item, ...outcome }) : problemReply(render(locale, outcome.refusal)));
    })().catch(async (error: unknown) => {
      failure = error;
      return ephemeral(problemReply(t(await deps.localeOf(user), 'progress.failed')));
    });
    const reply = await within(answer, ACK_BUDGET_MS);
    if (reply) {
      await ack(reply);
    } else {
      await ack();
      await respond(await answer);
    }
    // The person has been told; Bolt's error handler logs the cause.
    if (failure) throw failure;
  });
}
