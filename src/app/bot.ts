import { App } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { requireSlackSettings } from '../config.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openAppDatabase } from './database.js';
import type { Dispatcher } from '../outbox/dispatcher.js';
import { scheduleTicks } from '../scheduler/cron.js';
import { subtreeOf } from '../services/exports.js';
import { exportKinds } from '../services/export-kinds.js';
import { publishedList, publishedLists } from '../services/publication.js';
import type { BotIdentity } from '../slack/connect.js';
import { registerListeners } from '../slack/listeners/index.js';
import { localeResolver } from '../slack/locale.js';
import { FastifyReceiver } from '../slack/receiver.js';
import { buildServer } from '../web/server.js';
import { toBoltLogger, type Logger } from './logger.js';
import { repeat } from './repeat.js';
import { createRoot } from './root.js';
import { slackReadiness } from './slack-readiness.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import { requestSummary } from '../slack/request-summary.js';
import { isTokenRefused } from '../slack/token-errors.js';
import type { Clock, Services } from './services.js';

/** How often a process's scheduler prunes sent outbox rows (each run a bounded batch). */
const PRUNE_EVERY_MS = 3_600_000;

/** Bolt's ExtendedErrorHandlerArgs (not exported): the last overload of App#error. */
type ExtendedErrorArgs = Parameters<Parameters<App['error']>[0]>[0];

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** An open database; by default the one the configuration names. */
  db?: Db;
  /** "Now", for everything that depends on it; tests move it. */
  clock?: Clock;
  /** The clock that judges Slack's request signatures stale; tests move it with `clock`. */
  signatureClock?: () => number;
  /** How long a Slack that cannot be reached is waited for between attempts, at most. */
  maxAuthPauseMs?: number;
  /** How often units without a channel are looked for (default a minute); 0 turns the job off. */
  channelSetupIntervalMs?: number;
  /** How often the dispatcher looks for due outbox messages when not woken (default a second). */
  dispatcherPollMs?: number;
  /** How long `/healthz` believes Slack's last `auth.test` (default 60 s; after a failure 10 s). */
  slackHealthOkForMs?: number;
  slackHealthFailedForMs?: number;
}

/** The running bot: its HTTP server, its database, and Bolt once Slack has said who we are. */
export interface Bot {
  readonly server: FastifyInstance;
  readonly db: Db;
  readonly config: Config;
  readonly services: Services;
  /** Bolt, set once {@link Bot.connect} succeeded. */
  bolt: App | undefined;
  /** The outbox's dispatcher, running in the background once connected. */
  dispatcher: Dispatcher | undefined;
  /** Authenticates with Slack (waiting out a Slack that cannot be reached) and starts Bolt. */
  connect(): Promise<BotIdentity>;
  /** Resolves once the listeners have finished the work they do after acknowledging. */
  idle(): Promise<void>;
  /** Stops taking requests, lets those in flight finish, closes the database. */
  close(): Promise<void>;
}

/**
 * The running bot for `zeren start` and the end-to-end tests: the pieces come from the
 * composition root (app/root.ts); this adds the HTTP server, Bolt and the background jobs.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const { botToken } = requireSlackSettings(config);
  // A database handed in (the tests') is migrated here; an own one is opened ready (app/database.ts).
  const db = options.db ?? (await openAppDatabase(config, {
      warn: (line) => logger.warn(line),
      info: (line) => logger.info(line),
      idleError: (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool dropped it and reconnects on the next query'),
    }));
  if (options.db) await migrateToLatest(db);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const clock = options.clock ?? (() => new Date());
  const root = createRoot({ config, db, logger, clock });
  const { services, metrics } = root;
  const receiver = socketMode
    ? undefined
    : new FastifyReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET as string,
        logger,
        now: options.signatureClock,
        locale: config.ZEREN_LOCALE,
        onAck: metrics.observeAck,
        onUnacknowledged: metrics.observeUnacknowledged,
      });
  const slack = slackReadiness({ client: () => root.client('probe'), okForMs: options.slackHealthOkForMs, failedForMs: options.slackHealthFailedForMs });
  const calendarYear = await services.calendar.missingYear();
  if (calendarYear) logger.warn({ year: calendarYear }, t(config.ZEREN_LOCALE, 'calendar.missingYear', { year: calendarYear }));
  const exportDeps = () => ({ db: db.kysely, now: clock(), timeZone: config.ZEREN_TIMEZONE });
  const server = await buildServer({
    db,
    logger,
    receiver,
    rateLimit: config.ZEREN_WEB_RATE_LIMIT,
    trustProxy: config.ZEREN_TRUST_PROXY,
    locale: config.ZEREN_LOCALE,
    metrics: { token: config.ZEREN_METRICS_TOKEN, locale: config.ZEREN_LOCALE, scrape: metrics.scrape },
    onResponse: metrics.observeHttp,
    slackHealth: slack.check,
    downloads: {
      token: config.ZEREN_EXPORT_TOKEN,
      locale: config.ZEREN_LOCALE,
      today: services.today,
      subtree: (unit) => subtreeOf(db.kysely, unit),
      table: (what, scope) => exportKinds[what](exportDeps(), scope),
    },
    // ZEREN_PUBLIC_PAGES=off: no /public routes at all (404).
    publicPages:
      config.ZEREN_PUBLIC_PAGES === 'off'
        ? undefined
        : {
            locale: config.ZEREN_LOCALE,
            lists: () => publishedLists(exportDeps()),
            list: (unit, year) => publishedList(exportDeps(), unit, year),
          },
  });
  const abort = new AbortController();
  const stops: (() => Promise<void>)[] = [];

  const bot: Bot = {
    server,
    db,
    config,
    services,
    bolt: undefined,
    dispatcher: undefined,
    async connect() {
      const identity = await root.authenticate({ signal: abort.signal, ...(options.maxAuthPauseMs !== undefined && { maxPauseMs: options.maxAuthPauseMs }) });
      slack.connected();
      const bolt = new App({
        token: botToken,
        botId: identity.botId,
        botUserId: identity.botUserId,
        tokenVerificationEnabled: false,
        // Nothing of ours reads Bolt's conversation store; it costs a lookup per request.
        convoStore: false,
        logger: toBoltLogger(logger),
        // The error handler is told the request too, so that a failure's log line says what it was.
        extendedErrorHandler: true,
        clientOptions: root.clientOptions('listener'),
        ...(socketMode ? { socketMode: true, appToken: config.SLACK_APP_TOKEN } : { receiver }),
      });
      const localeOf = localeResolver(services, bolt.client, logger);
      registerListeners(bolt, { services, logger, localeOf });
      bolt.error(async ({ error, body, context }: ExtendedErrorArgs) => {
        logger.error({ err: error, code: error.code, ...requestSummary(body, context) }, 'a Slack listener failed');
      });
      if (socketMode) {
        try {
          await bolt.start();
        } catch (error) {
          // Socket Mode's apps.connections.open is the one call made with the app-level token.
          const slackError = (error as { data?: { error?: string } }).data?.error;
          if (isTokenRefused(slackError)) throw new CodedError(ErrorCode.SlackAuthRejected, (locale) => t(locale, 'start.appTokenRefused', { reason: slackError as string }));
          throw error;
        }
      }
      bot.bolt = bolt;
      const dispatcher = root.dispatcher({ localeOf });
      dispatcher.start(options.dispatcherPollMs ?? 1000);
      bot.dispatcher = dispatcher;
      stops.push(() => dispatcher.stop());
      if (config.ZEREN_SCHEDULER === 'on') {
        let prunedAt = Number.NEGATIVE_INFINITY;
        stops.push(
          scheduleTicks(
            async () => {
              const result = await services.tick();
              if (result.enqueued) dispatcher.wake();
              logger[result.enqueued ? 'info' : 'debug']({ ...result, job: 'tick' }, 'tick');
              // Sent rows past their retention, at most once an hour here, in bounded batches.
              if (Date.now() - prunedAt >= PRUNE_EVERY_MS) {
                prunedAt = Date.now();
                await services.outbox.prune().catch((error: unknown) => logger.error({ err: error, job: 'prune' }, 'pruning the outbox failed; the next hour tries again'));
              }
            },
            { timeZone: config.ZEREN_TIMEZONE, logger },
          ),
        );
      }
      const channelInterval = options.channelSetupIntervalMs ?? 60_000;
      if (channelInterval > 0) {
        // Units appear by import at any time (from another process on PostgreSQL): look every minute.
        const channelLogger = logger.child({ job: 'channels' });
        stops.push(
          repeat('channel set-up', channelInterval, () => root.setUpChannels({ client: bolt.client, logger: channelLogger, botUserId: identity.botUserId, signal: abort.signal }), channelLogger),
        );
      }
      logger.info({ team: identity.teamId, botUserId: identity.botUserId, mode: socketMode ? 'socket' : 'http' }, 'connected to Slack');
      return identity;
    },
    async idle() {
      await receiver?.idle();
    },
    async close() {
      abort.abort();
      // Requests first (and the work they set off), then the background jobs, then the database.
      await server.close();
      await receiver?.stop();
      await Promise.all(stops.map((stop) => stop()));
      if (socketMode) await bot.bolt?.stop();
      if (!options.db) await db.close();
    },
  };
  return bot;
}
