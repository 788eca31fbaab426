import type { LightMyRequestResponse } from 'fastify';
import { pino, type Logger } from 'pino';
import { createBot, type Bot } from '../../src/app/bot.js';
import { loadConfig, type Config } from '../../src/config.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET, type SignedRequest } from './sign.js';
import { createTestDb, type TestDb } from './test-db.js';

export interface TestApp {
  bot: Bot;
  fake: FakeSlack;
  testDb: TestDb;
  config: Config;
  /** Sends a request into the bot's HTTP server, as Slack would, and waits for the work it sets off. */
  send(request: SignedRequest | { method: 'GET'; url: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The whole bot as `zeren start` builds it, on a test database and a fake Slack, connected.
 *
 * @example
 * const app = await buildTestApp();
 * const response = await app.send(slashCommand({ text: 'help', user_id: 'U1' }));
 */
export async function buildTestApp(env: Record<string, string> = {}, options: { connect?: boolean; clock?: () => Date; channelSetupIntervalMs?: number; logger?: Logger } = {}): Promise<TestApp> {
  const fake = await startFakeSlack();
  const testDb = await createTestDb();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    ZEREN_SCHEDULER: 'off',
    // Slack's one message per second per channel would make the suite wait out seconds per test;
    // the pacing itself is tested on the dispatcher with its own interval (and here where a test sets it).
    ZEREN_CHANNEL_PACING_MS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const bot = await createBot({ config, logger: options.logger ?? pino({ level: 'silent' }), db: testDb.db, maxAuthPauseMs: 50,
    clock: options.clock,
    // Tests run channel set-up themselves, unless they ask for the background job.
    channelSetupIntervalMs: options.channelSetupIntervalMs ?? 0,
  });
  if (options.connect !== false) await bot.connect();
  return {
    bot,
    fake,
    testDb,
    config,
    async send(request) {
      const response = await bot.server.inject(request);
      await bot.idle();
      return response;
    },
    async close() {
      await bot.close();
      await testDb.close();
      await fake.close();
    },
  };
}
