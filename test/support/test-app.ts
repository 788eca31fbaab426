import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Bot } from '../../src/app/bot.js';
import type { Logger } from '../../src/app/logger.js';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { importFiles, type ImportOutcome } from '../../src/services/importer.js';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { startFakeSlack, type FakeSlack, type FakeUserInput } from './fake-slack.js';
import type { SignedRequest } from './sign.js';
import { createTestDb, type TestDb } from './test-db.js';

/** "Now" for the code under test: a function the bot calls, that the test sets and moves. */
export interface FakeClock {
  (): Date;
  set(instant: Date | string): void;
  advance(ms: number): void;
}

export function fakeClock(start: Date | string): FakeClock {
  let now = new Date(start);
  const clock = (() => new Date(now)) as FakeClock;
  clock.set = (instant) => (now = new Date(instant));
  clock.advance = (ms) => (now = new Date(now.getTime() + ms));
  return clock;
}

export interface UseTestAppOptions {
  /** Settings over the test defaults (a fake-Slack bot token and signing secret, scheduler off, silent logs). */
  env?: Record<string, string>;
  /** Where the fake clock starts, and where it is set back to before each test. Default: the wall clock at start. */
  now?: Date | string;
  /** false: only the database and the fake Slack, no bot (for tests of a part on its own). Default true. */
  bot?: boolean;
  /** false: the bot is built but has not met Slack (no Bolt, no dispatcher). Default true. */
  connect?: boolean;
  /** Runs the background channel set-up at this interval (default: off; tests call it themselves). */
  channelSetupIntervalMs?: number;
  /** Before each test, empty the database and the fake Slack and set the clock back. Default true. */
  reset?: boolean;
  /** Slack users the fake knows (an id, or a user), added again after each reset. */
  users?: (string | FakeUserInput)[];
  /** The locale given to users named by id alone. Default en-US. */
  userLocale?: string;
  /** The bot's logger (default silent), for a test that reads the log. */
  logger?: Logger;
}

/** The test app as a test sees it; valid inside tests and hooks (it is built in `beforeAll`). */
export interface TestAppHandle {
  readonly bot: Bot;
  readonly fake: FakeSlack;
  readonly testDb: TestDb;
  /** The database, as the services see it. */
  readonly db: Db['kysely'];
  readonly config: Config;
  readonly clock: FakeClock;
  /** What a service needs to run outside the bot: the database, the clock's now, the time zone. */
  deps(): { db: Db['kysely']; now: Date; timeZone: string };
  /** A request into the bot's HTTP server, as Slack (or a browser) sends it; waits for the work it sets off. */
  send(request: SignedRequest | { method: 'GET'; url: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Delivers every outbox message that is due (up to `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
  /** Imports organisation documents at the clock's now; fails the test when the import is refused. */
  importDocuments(...documents: (string | { name: string; content: string })[]): Promise<Extract<ImportOutcome, { ok: true }>>;
}

/**
 * Builds the test app once for the file (fake clock, fake Slack, test database, the bot as
 * `zeren start` builds it), empties it before each test, and checks after each test that nothing
 * the bot sent broke Block Kit's limits.
 *
 * @example
 * const app = useTestApp({ now: '2026-11-25T02:00:00Z', users: ['U03OWN'] });
 * it('…', async () => { await app.send(slashCommand({ user_id: 'U03OWN', text: 'help' })); });
 */
export function useTestApp(options: UseTestAppOptions = {}): TestAppHandle {
  const start = options.now ?? new Date();
  const clock = fakeClock(start);
  let app: TestApp | undefined;
  let parts: { fake: FakeSlack; testDb: TestDb } | undefined;

  const built = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`useTestApp: ${what} exists inside tests and hooks only (it is built in beforeAll)`);
    return value;
  };
  const addUsers = (fake: FakeSlack) => {
    for (const user of options.users ?? []) fake.addUser(typeof user === 'string' ? { id: user, locale: options.userLocale ?? 'en-US' } : user);
  };

  beforeAll(async () => {
    if (options.bot === false) {
      parts = { fake: await startFakeSlack(), testDb: await createTestDb() };
    } else {
      app = await buildTestApp(options.env ?? {}, { connect: options.connect, clock, channelSetupIntervalMs: options.channelSetupIntervalMs, logger: options.logger });
      parts = app;
    }
    addUsers(parts.fake);
  });
  afterAll(async () => {
    if (app) await app.close();
    else if (parts) await Promise.all([parts.testDb.close(), parts.fake.close()]);
    app = undefined;
    parts = undefined;
  });
  if (options.reset !== false) {
    beforeEach(async () => {
      const { fake, testDb } = built('the app', parts);
      await testDb.reset();
      fake.reset();
      clock.set(start);
      addUsers(fake);
    });
  }
  afterEach(() => {
    // Every message and view sent stayed within Block Kit's limits.
    if (parts) expect(parts.fake.violations).toEqual([]);
  });

  const handle: TestAppHandle = {
    get bot() {
      return built('the bot', app).bot;
    },
    get fake() {
      return built('the fake Slack', parts).fake;
    },
    get testDb() {
      return built('the database', parts).testDb;
    },
    get db() {
      return built('the database', parts).testDb.db.kysely;
    },
    get config() {
      return built('the bot', app).config;
    },
    clock,
    deps: () => ({ db: handle.db, now: clock(), timeZone: app?.config.ZEREN_TIMEZONE ?? 'Asia/Shanghai' }),
    send: (request) => built('the bot', app).send(request),
    async drain(timeoutMs = 10_000) {
      const dispatcher = built('the bot', app).bot.dispatcher;
      if (!dispatcher) throw new Error('useTestApp: the bot is not connected, so it has no dispatcher to drain');
      await dispatcher.drain({ deadline: new Date(Date.now() + timeoutMs) });
    },
    async importDocuments(...documents) {
      const files = documents.map((document, i) => (typeof document === 'string' ? { name: `org-${i + 1}.yaml`, content: document } : document));
      const outcome = await importFiles(handle.deps(), files);
      if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems)}`);
      return outcome;
    },
  };
  return handle;
}

/**
 * The fake Slack alone, for tests that run `zeren` as a process against it: started before the
 * file's tests, closed after them, its Block Kit violations checked after each test. It is not
 * reset between tests unless `reset` says so.
 */
export function useFakeSlack(options: { reset?: boolean; users?: FakeUserInput[] } = {}): { readonly fake: FakeSlack } {
  let fake: FakeSlack | undefined;
  const get = () => {
    if (!fake) throw new Error('useFakeSlack: the fake Slack exists inside tests and hooks only (it is started in beforeAll)');
    return fake;
  };
  beforeAll(async () => {
    fake = await startFakeSlack();
    for (const user of options.users ?? []) fake.addUser(user);
  });
  afterAll(async () => {
    await fake?.close();
    fake = undefined;
  });
  if (options.reset) {
    beforeEach(() => {
      get().reset();
      for (const user of options.users ?? []) get().addUser(user);
    });
  }
  afterEach(() => {
    if (fake) expect(fake.violations).toEqual([]);
  });
  return {
    get fake() {
      return get();
    },
  };
}
