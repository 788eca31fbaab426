import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../i18n/index.js';
import { progressModal, type ProgressModalMetadata } from '../blocks/progress-modal.js';
import type { ListenerDeps } from './deps.js';

/**
 * Opens the "Report progress" modal with the person's open items (and the chosen item, which a
 * deputy may not own), the chosen one preselected.
 */
export async function openProgressModal(
  deps: ListenerDeps,
  client: WebClient,
  request: { triggerId: string; user: string; locale: Locale; code?: string; metadata: ProgressModalMetadata },
): Promise<void> {
  const items = (await deps.services.items.list({ person: request.user })).filter((item) => !item.closed);
  const options = items.map((item) => ({ code: item.code, title: item.title }));
  if (request.code && !options.some((option) => option.code === request.code)) {
    const chosen = (await deps.services.items.list({})).find((item) => item.code === request.code);
    if (chosen) options.unshift({ code: chosen.code, title: chosen.title });
  }
  // Milestones can be claimed when the modal is opened for one item.
  const milestones = request.code ? await deps.services.progress.openMilestones(request.code) : [];
  await client.views.open({ trigger_id: request.triggerId, view: progressModal(request.locale, options, request.code, request.metadata, milestones) });
}
