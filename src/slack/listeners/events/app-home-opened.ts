import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { HOME_PAGE, homeView } from '../../blocks/home.js';
import type { ListenerDeps } from '../deps.js';
import { pageNumber } from '../payloads.js';

/** Publishes a person's Home tab (a page of their items, and their deputy). */
export async function publishHome(deps: ListenerDeps, client: WebClient, user: string, page = 1) {
  const [locale, items, deputies, caseUnits, editable, calendarYear, reviewUnits] = await Promise.all([
    deps.localeOf(user),
    deps.services.items.list({ person: user }),
    deps.services.deputies.of(user),
    deps.services.cases.units(user),
    deps.services.listEdits.lists(user),
    deps.services.calendar.missingYearFor(user),
    deps.services.reviews.units(user),
  ]);
  const recordsCases = caseUnits.length > 0;
  await client.views.publish({ user_id: user, view: homeView(locale, items, { page, deputies, timeZone: deps.services.timeZone, dateOf: deps.services.dateOf, recordsCases, supervises: recordsCases, editsLists: editable.length > 0, holdsReviews: reviewUnits.length > 0, calendarYear }) });
}

/** App Home: the person's items, published when they open the tab and when they turn a page. */
export function registerAppHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user, 1);
  });
  app.action<BlockButtonAction>(new RegExp(`^${HOME_PAGE}_`), async ({ ack, body, action, client }) => {
    await ack();
    await publishHome(deps, client, body.user.id, pageNumber.parse(action.value));
  });
}
