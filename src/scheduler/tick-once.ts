import { WebClient } from '@slack/web-api';
import type { Logger } from '../app/logger.js';
import { toBoltLogger } from '../app/logger.js';
import { createServices } from '../app/services.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { Dispatcher, type DrainResult } from '../outbox/dispatcher.js';
import type { TickResult } from '../services/tick.js';
import { setUpChannels, type ChannelSetupSummary } from '../slack/channel-setup.js';
import { authenticate } from '../slack/connect.js';
import { localeResolver } from '../slack/locale.js';
import { classifySlackError } from '../slack/delivery-errors.js';
import { slackDelivery } from '../slack/outbox-delivery.js';

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
export async function tickOnce(options: { config: Config; db: Db; logger: Logger; botToken: string; at: Date; waitMs: number }): Promise<TickOnceResult> {
  const { config, db, logger, botToken, at } = options;
  const deadline = new Date(Date.now() + options.waitMs);
  const signal = AbortSignal.timeout(options.waitMs);
  // Never behind the wall clock (a lease from a pinned past instant would look expired to the
  // server's dispatcher), but at T when T is ahead, so that what T makes due is due.
  const clock = () => new Date(Math.max(Date.now(), at.getTime()));
  const services = createServices(db.kysely, () => at, config);
  // Deciding needs no Slack: a Slack that cannot be reached leaves the decisions queued.
  let identity;
  try {
    identity = await authenticate({ token: botToken, slackApiUrl: config.SLACK_API_URL, logger, signal, maxPauseMs: 5000 });
  } catch (error) {
    if ((error as Error).name !== 'AbortError' && (error as Error).name !== 'TimeoutError') throw error;
  }
  const client = new WebClient(botToken, { slackApiUrl: config.SLACK_API_URL, logger: toBoltLogger(logger), retryConfig: { retries: 2, maxTimeout: 5000 } });
  const channels = identity
    ? await setUpChannels({ client, db: db.kysely, logger, botUserId: identity.botUserId, clock: () => at, signal })
    : { units: 0, created: 0, adopted: 0, invited: 0, notInvited: 0, failed: 0 };
  const tick = await services.tick(at);
  if (!identity) {
    const pending = await db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'pending').executeTakeFirstOrThrow();
    return { channels, tick, delivery: { sent: 0, retried: 0, failed: 0, pending: Number(pending.n) } };
  }
  const dispatchClient = new WebClient(botToken, { slackApiUrl: config.SLACK_API_URL, logger: toBoltLogger(logger), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 });
  const dispatcher = new Dispatcher({
    db: db.kysely,
    clock,
    logger,
    deliver: slackDelivery({ client: dispatchClient, channelLocale: config.ZEREN_LOCALE, localeOf: localeResolver(services, client, logger), postedAs: services.deliveries.postedAs }),
    classify: classifySlackError,
    onPermanentFailure: async (message, error) => {
      await services.deliveries.failed({ ...message, code: error.code, message: error.message });
    },
  });
  const delivery = await dispatcher.drain({ deadline });
  await dispatcher.stop();
  return { channels, tick, delivery };
}
