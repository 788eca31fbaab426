import { LogLevel, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dispatcher, type Deliver, type DispatcherOptions, type StoredMessage } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { classifySlackError } from '../../src/slack/delivery-errors.js';
import { metadataFor } from '../../src/slack/outbox-metadata.js';
import { BOT_USER_ID, type FakeSlack } from '../support/fake-slack.js';
import { useTestApp } from '../support/test-app.js';
import type { TestDb } from '../support/test-db.js';

/**
 * The dispatcher against a real database (PGlite, or PostgreSQL with DATABASE_URL) and the fake
 * Slack through a real WebClient configured as the dispatcher expects (no retries of its own, 429s
 * rejected). Vitest's fake timers cannot drive the fake's HTTP server, so time is real and short
 * (small pacing intervals and backoff), and the database clock is real time plus an offset that a
 * test can jump forward (leases).
 */
describe('outbox dispatcher', () => {
  const app = useTestApp({ bot: false });
  let testDb: TestDb;
  let fake: FakeSlack;
  let client: WebClient;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const logger = pino({ level: 'silent' });

  // The rows are report notices whose title is the text to post: any kind of the contract would do.
  const post: Deliver = async (message) => {
    const text = message.kind === 'report_notice' ? message.payload.title : message.kind;
    const answer = await client.chat.postMessage({ channel: message.lane, text, metadata: metadataFor(message) });
    return { ts: answer.ts, channel: answer.channel };
  };

  /** A renderer that, on a retry, first looks for its marker in the lane's recent history. */
  const postUnlessPosted: Deliver = async (message) => {
    if (message.attempts > 1) {
      const history = await client.conversations.history({ channel: message.lane, limit: 50, include_all_metadata: true });
      const mine = history.messages?.find(
        (m) => m.metadata?.event_type === 'zeren_outbox' && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === message.key,
      );
      if (mine) return { ts: mine.ts, channel: message.lane };
    }
    return post(message);
  };

  const dispatcher = (options: Partial<DispatcherOptions> = {}) =>
    new Dispatcher({ db: testDb.db.kysely, deliver: post, classify: classifySlackError, clock, logger, laneIntervalMs: 20, backoffBaseMs: 10, ...options });

  async function add(...messages: Array<[key: string, lane: string]>): Promise<number> {
    return enqueue(
      testDb.db.kysely,
      messages.map(([key, lane]) => ({ key, kind: 'report_notice' as const, payload: { unit: 'U', channel: lane, item: key, title: `message ${key}`, actor: 'U1' }, lane })),
      clock(),
    );
  }

  const rows = () => testDb.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
  const row = async (key: string) => testDb.db.kysely.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  const posts = () => fake.callsTo('chat.postMessage');
  /** How many messages in Slack carry this outbox key. */
  const copies = (key: string) => fake.messages().filter((m) => m.metadata?.event_payload.key === key).length;

  beforeAll(() => {
    testDb = app.testDb;
    fake = app.fake;
    client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
  });

  beforeEach(() => {
    offsetMs = 0;
    for (const id of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']) fake.addChannel({ id, name: id.toLowerCase(), members: [BOT_USER_ID] });
  });

  it('sends every due row once, in two lanes, and records what Slack answered', async () => {
    await add(['a', 'C1'], ['b', 'C1'], ['c', 'C2']);
    const counts = await dispatcher().runOnce();
    expect(counts).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['message a', 'message b']);
    expect(fake.messages('C2').map((m) => m.text)).toEqual(['message c']);
    for (const sent of await rows()) {
      const message = fake.messages().find((m) => m.metadata?.event_payload.key === sent.idempotency_key);
      expect(sent).toMatchObject({ state: 'sent', attempts: 1, lease_owner: null, lease_until: null, last_error: null });
      expect(sent.result).toEqual({ ts: message?.ts, channel: sent.lane });
      expect(sent.sent_at).toBeInstanceOf(Date);
    }
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(posts()).toHaveLength(3);
  });

  it('sends a message enqueued twice under one key once', async () => {
    expect(await add(['same', 'C1'])).toBe(1);
    expect(await add(['same', 'C1'])).toBe(0);
    expect(await dispatcher().drain()).toEqual({ sent: 1, retried: 0, failed: 0, pending: 0 });
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('delivers each row exactly once when two dispatchers run rounds on the same database at once', async () => {
    const keys = Array.from({ length: 36 }, (_, i) => [`k${i}`, `C${(i % 6) + 1}`] as [string, string]);
    await add(...keys);
    const first = dispatcher({ owner: 'first', batchSize: 7, laneIntervalMs: 5 });
    const second = dispatcher({ owner: 'second', batchSize: 7, laneIntervalMs: 5 });
    const results = await Promise.all([first.runOnce(), second.runOnce(), first.drain(), second.drain(), first.runOnce(), second.drain()]);
    expect(results.reduce((sum, counts) => sum + counts.sent, 0)).toBe(36);
    // Both took part: the second's first claim found the first's rows leased and took others.
    expect(results[0]!.sent).toBeGreaterThan(0);
    expect(results[1]!.sent).toBeGreaterThan(0);
    expect(posts()).toHaveLength(36);
    for (const [key] of keys) expect(copies(key), key).toBe(1);
    expect((await rows()).every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('on a 429 waits out Retry-After, holding the whole lane, then delivers once', async () => {
    await add(['first', 'C1'], ['second', 'C1'], ['elsewhere', 'C2']);
    // The 429 is C1's (the lanes' calls race: whichever reached Slack first would get it otherwise).
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1, (args) => args.channel === 'C1');
    const dispatch = dispatcher();
    const before = clock().getTime();
    expect(await dispatch.runOnce()).toEqual({ sent: 1, retried: 1, failed: 0 });
    expect(fake.messages('C2')).toHaveLength(1);
    expect(fake.messages('C1')).toHaveLength(0);
    const held = await row('first');
    expect(held).toMatchObject({ state: 'pending', lease_owner: null, last_error: expect.stringMatching(/^ratelimited/) });
    expect(held.not_before.getTime()).toBeGreaterThanOrEqual(before + 1000);
    // The row behind it in the lane waits too, and was not counted as tried.
    expect((await row('second')).not_before.getTime()).toBeGreaterThanOrEqual(before + 1000);
    expect((await row('second')).attempts).toBe(0);

    const limitedAt = posts().find((call) => call.args.channel === 'C1')!.at;
    expect(await dispatch.drain({ deadline: new Date(Date.now() + 5000) })).toEqual({ sent: 2, retried: 0, failed: 0, pending: 0 });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['message first', 'message second']);
    expect(copies('first')).toBe(1);
    const retries = posts().filter((call) => call.args.channel === 'C1' && call.at > limitedAt);
    expect(retries[0]!.at - limitedAt).toBeGreaterThanOrEqual(950);
  });

  it('after 5xx answers backs off and delivers once', async () => {
    await add(['flaky', 'C1']);
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    const result = await dispatcher().drain({ deadline: new Date(Date.now() + 5000) });
    expect(result).toEqual({ sent: 1, retried: 3, failed: 0, pending: 0 });
    expect(posts()).toHaveLength(4);
    expect(copies('flaky')).toBe(1);
    expect(await row('flaky')).toMatchObject({ state: 'sent', attempts: 4, last_error: expect.stringMatching(/^http_500/) });
  });

  it('retries a network error', async () => {
    await add(['offline', 'C1']);
    // Nothing listens on port 9: the first try cannot connect.
    const unreachable = new WebClient('xoxb-test', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
    const deliver: Deliver = async (message) => {
      if (message.attempts > 1) return post(message);
      await unreachable.chat.postMessage({ channel: message.lane, text: 'never arrives' });
      return {};
    };
    expect(await dispatcher({ deliver }).drain({ deadline: new Date(Date.now() + 5000) })).toEqual({ sent: 1, retried: 1, failed: 0, pending: 0 });
    expect(await row('offline')).toMatchObject({ state: 'sent', attempts: 2, last_error: expect.stringMatching(/^request_error/) });
  });

  it('fails a row for good on a permanent error, reports it once, and sends the others', async () => {
    await add(['nowhere', 'C404'], ['a', 'C1'], ['b', 'C1'], ['c', 'C2']);
    await add(['broken', 'C3']);
    const reported: Array<[StoredMessage, { code: string; message: string }]> = [];
    const onPermanentFailure = vi.fn(async (message: StoredMessage, error: { code: string; message: string }) => {
      reported.push([message, error]);
    });
    const deliver: Deliver = async (message) => {
      if (message.key === 'broken') throw new TypeError('cannot read properties of undefined (reading "title")');
      return post(message);
    };
    const counts = await dispatcher({ deliver, onPermanentFailure }).runOnce();
    expect(counts).toEqual({ sent: 3, retried: 0, failed: 2 });
    expect(reported.map(([message, error]) => [message.key, error.code])).toEqual(
      expect.arrayContaining([
        ['nowhere', 'channel_not_found'],
        ['broken', 'deliver_error'],
      ]),
    );
    expect(onPermanentFailure).toHaveBeenCalledTimes(2);
    expect(await row('nowhere')).toMatchObject({ state: 'failed', lease_owner: null, last_error: expect.stringContaining('channel_not_found') });
    expect(await row('broken')).toMatchObject({ state: 'failed', last_error: expect.stringContaining('cannot read properties') });
    expect(fake.messages().map((m) => m.text).sort()).toEqual(['message a', 'message b', 'message c']);
    expect(await dispatcher().drain()).toEqual({ sent: 0, retried: 0, failed: 0, pending: 0 });
  });

  it('fails for good a row whose kind or payload does not match the contract, logs why, reports it once, and sends the others', async () => {
    await add(['a', 'C1']);
    // Rows no producer of this version can write (an older version's kind, a renamed field).
    const stored = (key: string, kind: string, payload: Record<string, unknown>) => ({ idempotency_key: key, kind, payload: JSON.stringify(payload), lane: 'C2', not_before: clock(), created_at: clock() });
    await testDb.db.kysely
      .insertInto('outbox')
      .values([stored('unknown', 'note', { unit: 'U', text: 'hello' }), stored('renamed', 'report_notice', { unit: 'U', channel: 'C2', code: 'X-1', title: 'T', actor: 'U1' })])
      .execute();
    const lines: string[] = [];
    const recording = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const onPermanentFailure = vi.fn(async (_message: StoredMessage, _error: { code: string; message: string }) => {});
    const delivered: string[] = [];
    const deliver: Deliver = async (message) => {
      delivered.push(message.key);
      return post(message);
    };
    expect(await dispatcher({ deliver, logger: recording, onPermanentFailure }).drain()).toEqual({ sent: 1, retried: 0, failed: 2, pending: 0 });
    expect(delivered).toEqual(['a']);
    expect(await row('unknown')).toMatchObject({ state: 'failed', attempts: 1, last_error: expect.stringMatching(/^invalid_payload: payload of kind "note" does not match/) });
    expect(await row('renamed')).toMatchObject({ state: 'failed', last_error: expect.stringContaining('payload.item') });
    expect(onPermanentFailure).toHaveBeenCalledTimes(2);
    expect(onPermanentFailure).toHaveBeenCalledWith(expect.objectContaining({ key: 'renamed', kind: 'report_notice', payload: expect.objectContaining({ unit: 'U' }) }), expect.objectContaining({ code: 'invalid_payload' }));
    const logged = lines.map((line) => JSON.parse(line) as { key?: string; code?: string; msg: string });
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'unknown', code: 'invalid_payload', msg: expect.stringContaining('outbox row failed for good: payload of kind "note"') }),
        expect.objectContaining({ key: 'renamed', code: 'invalid_payload', msg: expect.stringContaining('payload.item') }),
      ]),
    );
  });

  it('gives up on a retryable error after maxAttempts', async () => {
    await add(['doomed', 'C1']);
    fake.failNext('chat.postMessage', { error: 'internal_error' }, 3);
    const onPermanentFailure = vi.fn(async () => {});
    const result = await dispatcher({ maxAttempts: 3, onPermanentFailure }).drain({ deadline: new Date(Date.now() + 5000) });
    expect(result).toEqual({ sent: 0, retried: 2, failed: 1, pending: 0 });
    expect(onPermanentFailure).toHaveBeenCalledWith(expect.objectContaining({ key: 'doomed', attempts: 3 }), {
      code: 'internal_error',
      message: expect.stringContaining('gave up after 3 attempts'),
    });
  });

  it('paces each lane (~1 call per interval) while different lanes go at once', async () => {
    await add(['p1', 'C1'], ['p2', 'C1'], ['p3', 'C1'], ['p4', 'C1'], ['p5', 'C1']);
    await add(['q2', 'C2'], ['q3', 'C3'], ['q4', 'C4'], ['q5', 'C5'], ['q6', 'C6']);
    expect(await dispatcher({ laneIntervalMs: 100 }).runOnce()).toEqual({ sent: 10, retried: 0, failed: 0 });
    const paced = posts().filter((call) => call.args.channel === 'C1');
    const gaps = paced.slice(1).map((call, i) => call.at - paced[i]!.at);
    // Paced when each call starts; the fake sees it a few ms later, so allow for that jitter.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(80);
    expect(paced.at(-1)!.at - paced[0]!.at).toBeGreaterThanOrEqual(380);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['message p1', 'message p2', 'message p3', 'message p4', 'message p5']);
    // One call per lane: side by side, where pacing them one after another would take 400 ms.
    const spread = posts()
      .filter((call) => call.args.channel !== 'C1')
      .map((call) => call.at);
    expect(spread).toHaveLength(5);
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThan(150);
    expect(Math.max(...spread)).toBeLessThan(paced.at(-1)!.at);
  });

  it.each([
    ['looks for its marker first', 0, postUnlessPosted],
    ['does not look', 1, post],
  ] as const)(
    'after a crash the rows are delivered by another dispatcher once the lease ends; a renderer that %s posts %i duplicates',
    async (_name, duplicates, deliver) => {
      await add(['x1', 'C1'], ['x2', 'C1'], ['x3', 'C2']);
      let die!: (error: Error) => void;
      const death = new Promise<never>((_resolve, reject) => {
        die = reject;
      });
      death.catch(() => undefined);
      const tried: string[] = [];
      // The first call reaches Slack and the process dies before recording it; the other dies before calling.
      const dying: Deliver = async (message) => {
        tried.push(message.key);
        if (tried.length === 1) await post(message);
        return death;
      };
      const crashed = dispatcher({ owner: 'crashed', deliver: dying });
      const abandoned = crashed.runOnce();
      await expect.poll(() => tried.length === 2 && fake.messages().length === 1, { interval: 5 }).toBe(true);
      const accepted = tried[0]!;
      expect(fake.messages()).toHaveLength(1);

      const survivor = dispatcher({ owner: 'survivor', deliver });
      // While the lease holds, the rows are not touched.
      expect(await survivor.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(await survivor.drain()).toMatchObject({ sent: 0, pending: 3 });

      offsetMs += 61_000;
      expect(await survivor.drain()).toEqual({ sent: 3, retried: 0, failed: 0, pending: 0 });
      for (const key of ['x1', 'x2', 'x3']) {
        expect(copies(key), key).toBe(key === accepted ? 1 + duplicates : 1);
        expect(await row(key)).toMatchObject({ state: 'sent', attempts: 2 });
      }
      if (duplicates === 0) {
        const original = fake.messages().find((m) => m.metadata?.event_payload.key === accepted);
        expect((await row(accepted)).result).toEqual({ ts: original?.ts, channel: original?.channel });
      }

      // The dead process's calls finally fail: nothing it writes undoes what the survivor recorded.
      die(new Error('process died'));
      await abandoned;
      expect((await rows()).every((r) => r.state === 'sent')).toBe(true);
    },
  );

  it('drain with a deadline returns with rows pending while Slack keeps failing, and never hangs', async () => {
    await add(['d1', 'C1'], ['d2', 'C2']);
    fake.failNext('chat.postMessage', { status: 503 }, 1000);
    // A drain that hung would end in the test's timeout; the counts say why it returned: on its
    // deadline while Slack was still failing (fewer tries than failures set), each try a retry.
    const result = await dispatcher({ backoffBaseMs: 50 }).drain({ deadline: new Date(Date.now() + 1000) });
    expect(result).toMatchObject({ sent: 0, failed: 0, pending: 2 });
    expect(result.retried).toBeGreaterThanOrEqual(2);
    expect(posts()).toHaveLength(result.retried);
    expect(posts().length).toBeLessThan(1000);
    expect((await rows()).every((r) => r.state === 'pending' && r.lease_owner === null)).toBe(true);
  });

  it('gives up waiting on a delivery that hangs, and records it as sent when the answer comes late', async () => {
    await add(['slow', 'C1']);
    fake.failNext('chat.postMessage', { delayMs: 600 });
    const result = await dispatcher({ deliveryTimeoutMs: 150 }).drain({ deadline: new Date(Date.now() + 300) });
    expect(result).toEqual({ sent: 0, retried: 1, failed: 0, pending: 1 });
    expect(await row('slow')).toMatchObject({ state: 'pending', lease_owner: expect.any(String), last_error: expect.stringMatching(/^delivery_timeout/) });
    await expect.poll(async () => (await row('slow')).state, { timeout: 3000, interval: 20 }).toBe('sent');
    expect(await row('slow')).toMatchObject({ state: 'sent', attempts: 1, lease_owner: null });
    expect(copies('slow')).toBe(1);
  });

  it('in server mode delivers when woken, and stop() releases what it had claimed but not tried', async () => {
    const dispatch = dispatcher({ laneIntervalMs: 150 });
    dispatch.start(60_000);
    await add(['s1', 'C1'], ['s2', 'C1'], ['s3', 'C1'], ['s4', 'C1']);
    dispatch.wake();
    await expect.poll(() => fake.messages('C1').length, { timeout: 1000, interval: 5 }).toBe(1);
    await dispatch.stop();
    expect(fake.messages('C1').length).toBeLessThan(4);
    const left = (await rows()).filter((r) => r.state === 'pending');
    expect(left.length).toBeGreaterThan(0);
    for (const r of left) expect(r).toMatchObject({ lease_owner: null, lease_until: null, attempts: 0 });
    expect(await dispatch.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    // Another dispatcher takes them at once: no lease to wait out.
    expect((await dispatcher().drain()).pending).toBe(0);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['message s1', 'message s2', 'message s3', 'message s4']);
  });
});
