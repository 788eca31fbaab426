import type { Config } from '../config.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Db } from '../db/database.js';
import type { DrainResult } from '../outbox/dispatcher.js';
import type { TickResult } from '../services/tick.js';
import type { ChannelSetupSummary } from '../slack/channel-setup.js';
import { localeResolver } from '../slack/locale.js';
import type { Logger } from './logger.js';
import { createRoot } from './root.js';

export interface TickOnceResult {
  channels: ChannelSetupSummary;
  tick: TickResult;
  delivery: DrainResult;
}

/**
 * `zeren tick --at T`: what the schedules would run at T — channel set-up for new units, then the
 * tick — and delivery of what is pending, waiting on Slack at most `waitMs`; what is left stays
 * queued for the server's dispatcher.
 */
export async function tickOnce(options: { config: Config; db: Db; logger: Logger; at: Date; waitMs: number }): Promise<TickOnceResult> {
  const { at } = options;
  const deadline = new Date(Date.now() + options.waitMs);
  const signal = AbortSignal.timeout(options.waitMs);
  const root = createRoot({ config: options.config, db: options.db, logger: options.logger, clock: () => at });
  // Slack first, as the README says: a Slack that cannot be reached, or a refused token, stops the
  // tick before anything is decided or written (the next tick catches up).
  let identity;
  try {
    identity = await root.authenticate({ signal, maxPauseMs: 5000 });
  } catch (error) {
    if ((error as Error).name !== 'AbortError' && (error as Error).name !== 'TimeoutError') throw error;
    const seconds = options.waitMs / 1000;
    throw new CodedError(ErrorCode.SlackUnavailable, (locale) => t(locale, 'tick.slackUnreachable', { url: options.config.SLACK_API_URL, seconds }));
  }
  const client = root.client('job');
  const channels = await root.setUpChannels({ client, botUserId: identity.botUserId, signal });
  const tick = await root.services.tick(at);
  // Sent rows past their retention (a bounded batch; a cron running `zeren tick` prunes as it goes).
  await root.services.outbox.prune();
  const calendarYear = await root.services.calendar.missingYear();
  if (calendarYear) options.logger.warn({ year: calendarYear }, t(options.config.ZEREN_LOCALE, 'calendar.missingYear', { year: calendarYear }));
  // Never behind the wall clock (a lease from a pinned past instant would look expired to the
  // server's dispatcher), but at T when T is ahead, so that what T makes due is due.
  const dispatcher = root.dispatcher({ localeOf: localeResolver(root.services, client, options.logger), clock: () => new Date(Math.max(Date.now(), at.getTime())) });
  const delivery = await dispatcher.drain({ deadline });
  await dispatcher.stop();
  return { channels, tick, delivery };
}
