import type { WebClient } from '@slack/web-api';
import { requireSlackToken, type Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Locale } from '../i18n/index.js';
import { Dispatcher } from '../outbox/dispatcher.js';
import { setUpChannels } from '../slack/channel-setup.js';
import { authenticate } from '../slack/connect.js';
import { classifySlackError } from '../slack/delivery-errors.js';
import { slackDelivery } from '../slack/outbox-delivery.js';
import type { Logger } from './logger.js';
import { createMetrics, observedTick, type Metrics } from './metrics.js';
import { createServices, type Clock } from './services.js';
import { slackClient, slackClientOptions, type RetryProfile } from './slack-clients.js';

export interface RootOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** "Now" for the use cases (a pinned instant for `zeren tick --at`). */
  clock: Clock;
  /** This instance's metrics registry; by default a new one (one per app: tests never share one). */
  metrics?: Metrics;
}

/**
 * The one composition root: builds the services, the Slack clients (by retry profile), the
 * dispatcher and the background jobs from the configuration, for `zeren start` (app/bot.ts),
 * `zeren tick` (app/tick-once.ts) and the other commands (cli.ts) alike.
 */
export function createRoot(options: RootOptions) {
  const { config, db, logger, clock } = options;
  const metrics = options.metrics ?? createMetrics({ db, clock });
  const created = createServices(db.kysely, clock, config);
  // Every tick, from the scheduler or `zeren tick`, is timed and its decisions counted.
  // Pruning, likewise, is logged with its counts and counted.
  const outbox = {
    prune: async () => {
      const result = await created.outbox.prune();
      metrics.observePruned(result.pruned);
      if (result.pruned > 0 || result.lanes > 0) logger.info({ job: 'prune', ...result, retentionDays: config.ZEREN_OUTBOX_RETENTION_DAYS }, 'outbox pruned');
      return result;
    },
  };
  const services = { ...created, outbox, tick: observedTick<Parameters<typeof created.tick>>(created.tick, metrics, (_at, tickOptions) => tickOptions?.dryRun === true) };
  const observe = metrics.observeSlackCall;
  const client = (profile: RetryProfile): WebClient => slackClient(profile, { token: requireSlackToken(config).botToken, slackApiUrl: config.SLACK_API_URL, logger, observe });
  return {
    config,
    db,
    logger,
    services,
    metrics,
    /** A Slack client with a named retry profile. */
    client,
    /** Options for a client built elsewhere (Bolt's `clientOptions`). */
    clientOptions: (profile: RetryProfile) => slackClientOptions(profile, { slackApiUrl: config.SLACK_API_URL, logger, observe }),
    /** Asks Slack who the bot is, waiting out a Slack that cannot be reached until `signal` aborts. */
    authenticate: (wait: { signal?: AbortSignal; maxPauseMs?: number } = {}) => authenticate({ client: client('auth'), logger, ...wait }),
    /**
     * The outbox's dispatcher, rendering for Slack; a message it gives up on gets a ledger entry.
     * `clock` governs leases and due times (default the root's).
     */
    dispatcher: (deps: { localeOf: (user: string) => Promise<Locale>; clock?: Clock }) =>
      new Dispatcher({
        db: db.kysely,
        clock: deps.clock ?? clock,
        logger,
        deliver: slackDelivery({ client: client('outbox'), channelLocale: config.ZEREN_LOCALE, localeOf: deps.localeOf, postedAs: services.deliveries.postedAs }),
        classify: classifySlackError,
        laneIntervalMs: config.ZEREN_CHANNEL_PACING_MS,
        onPermanentFailure: async (message, error) => {
          await services.deliveries.failed({ ...message, code: error.code, message: error.message });
        },
        onSettled: (outcome, kind) => metrics.observeDelivery(outcome, kind),
      }),
    /** One run of channel set-up for units that have no channel yet. */
    setUpChannels: (deps: { client: WebClient; botUserId: string; logger?: Logger; signal?: AbortSignal; clock?: Clock }) =>
      setUpChannels({ client: deps.client, db: db.kysely, logger: deps.logger ?? logger, botUserId: deps.botUserId, clock: deps.clock ?? clock, signal: deps.signal }),
  };
}

export type Root = ReturnType<typeof createRoot>;
