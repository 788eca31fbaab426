import type { App } from '@slack/bolt';
import { render, t } from '../../../i18n/index.js';
import { DEPUTY_END, DEPUTY_MODAL, DEPUTY_OPEN, deputyModal } from '../../blocks/deputy.js';
import type { ListenerDeps } from '../deps.js';
import { input, readView } from '../payloads.js';
import { publishHome } from '../events/app-home-opened.js';

/** Deputies from App Home: name one for a period (a modal), or end them. */
export function registerDeputy(app: App, deps: ListenerDeps): void {
  app.action(DEPUTY_OPEN, async ({ ack, body, client }) => {
    await ack();
    const locale = await deps.localeOf(body.user.id);
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: deputyModal(locale, { today: deps.services.today(), user: body.user.id, maxDays: deps.services.deputies.maxDays }),
    });
  });
  app.action(DEPUTY_END, async ({ ack, body, client }) => {
    await ack();
    await deps.services.deputies.end({ actor: body.user.id });
    await publishHome(deps, client, body.user.id);
  });
  app.view(DEPUTY_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const read = readView(view.state.values, { person: input.user, deputy: input.user, starts_on: input.date, ends_on: input.date });
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: { [read.field]: t(await deps.localeOf(actor), 'error.fieldInvalid') } });
      return;
    }
    const values = read.data;
    const outcome = await deps.services.deputies.name({
      actor,
      user: values.person || actor,
      deputy: values.deputy ?? '',
      startsOn: values.starts_on ?? '',
      endsOn: values.ends_on ?? '',
      // The same form submitted again (a double click, a retry) names nothing more.
      requestKey: view.id,
    });
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [outcome.field]: render(await deps.localeOf(actor), outcome.refusal) } });
      return;
    }
    await ack();
    await publishHome(deps, client, actor);
  });
}
