import type { App } from '@slack/bolt';
import { registerApprovals } from './actions/approvals.js';
import { registerCases, registerCirculars } from './actions/cases.js';
import { registerDeputy } from './actions/deputy.js';
import { registerFindingExtension } from './actions/finding-extension.js';
import { registerItemEdits } from './actions/item-edits.js';
import { registerReportButton } from './actions/report-button.js';
import { registerReportRounds } from './actions/report-rounds.js';
import { registerReviews } from './actions/reviews.js';
import { registerSupervise } from './actions/supervise.js';
import { registerProgressCommand } from './commands/progress-command.js';
import { registerSuperviseCommand } from './commands/supervise-command.js';
import type { ListenerDeps } from './deps.js';
import { registerAppHome } from './events/app-home-opened.js';
import { registerProgressModal } from './views/progress-modal.js';

export type { ListenerDeps } from './deps.js';

/** Every listener of the app, each given its dependencies. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  // The Events API delivers again when it misses our answer; each event_id is handled once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { type?: string; event_id?: string }).type === 'event_callback' ? (body as { event_id?: string }).event_id : undefined;
    if (eventId && !(await deps.services.deliveries.first(`event:${eventId}`))) return;
    await next();
  });
  registerProgressCommand(app, deps);
  registerSuperviseCommand(app, deps);
  registerReportButton(app, deps);
  registerProgressModal(app, deps);
  registerAppHome(app, deps);
  registerDeputy(app, deps);
  registerApprovals(app, deps);
  registerCases(app, deps);
  registerFindingExtension(app, deps);
  registerCirculars(app, deps);
  registerItemEdits(app, deps);
  registerReportRounds(app, deps);
  registerReviews(app, deps);
  registerSupervise(app, deps);
}
