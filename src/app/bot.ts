import { App } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { requireSlackSettings } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { authenticate, type BotIdentity } from '../slack/connect.js';
import { registerListeners } from '../slack/listeners/index.js';
import { localeResolver } from '../slack/locale.js';
import { FastifyReceiver } from '../slack/receiver.js';
import { buildServer } from '../web/server.js';
import { toBoltLogger, type Logger } from './logger.js';
import { createServices, type Clock, type Services } from './services.js';

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
}

/** The running bot: its HTTP server, its database, and Bolt once Slack has said who we are. */
export interface Bot {
  readonly server: FastifyInstance;
  readonly db: Db;
  readonly config: Config;
  readonly services: Services;
  /** Bolt, set once {@link Bot.connect} succeeded. */
  bolt: App | undefined;
  /** Authenticates with Slack (waiting out a Slack that cannot be reached) and starts Bolt. */
  connect(): Promise<BotIdentity>;
  /** Resolves once the listeners have finished the work they do after acknowledging. */
  idle(): Promise<void>;
  /** Stops taking requests, lets those in flight finish, closes the database. */
  close(): Promise<void>;
}

/**
 * The composition root: builds every piece from the configuration and hands each its
 * dependencies. `zeren start` and the end-to-end tests both build the bot here.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const { botToken } = requireSlackSettings(config);
  const db = options.db ?? (await openDatabase(config));
  try {
    await migrateToLatest(db);
  } catch (error) {
    if (!options.db) await db.close();
    throw error;
  }
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const receiver = socketMode
    ? undefined
    : new FastifyReceiver({ signingSecret: config.SLACK_SIGNING_SECRET as string, logger, now: options.signatureClock });
  const server = await buildServer({ db, logger, receiver });
  const services = createServices(db.kysely, options.clock ?? (() => new Date()), config);
  const abort = new AbortController();

  const bot: Bot = {
    server,
    db,
    config,
    services,
    bolt: undefined,
    async connect() {
      const identity = await authenticate({
        token: botToken,
        slackApiUrl: config.SLACK_API_URL,
        logger,
        signal: abort.signal,
        maxPauseMs: options.maxAuthPauseMs,
      });
      const bolt = new App({
        token: botToken,
        botId: identity.botId,
        botUserId: identity.botUserId,
        tokenVerificationEnabled: false,
        // Nothing of ours reads Bolt's conversation store; it costs a lookup per request.
        convoStore: false,
        logger: toBoltLogger(logger),
        clientOptions: { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 } },
        ...(socketMode ? { socketMode: true, appToken: config.SLACK_APP_TOKEN } : { receiver }),
      });
      registerListeners(bolt, { services, logger, localeOf: localeResolver(services, bolt.client, logger) });
      bolt.error(async (error) => {
        logger.error({ err: error, code: error.code }, 'a Slack listener failed');
      });
      if (socketMode) await bolt.start();
      bot.bolt = bolt;
      logger.info({ team: identity.teamId, botUserId: identity.botUserId, mode: socketMode ? 'socket' : 'http' }, 'connected to Slack');
      return identity;
    },
    async idle() {
      await receiver?.idle();
    },
    async close() {
      abort.abort();
      await server.close();
      await receiver?.stop();
      if (socketMode) await bot.bolt?.stop();
      if (!options.db) await db.close();
    },
  };
  return bot;
}
