import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/app/bot.js';
import { loadConfig } from '../../src/config.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { JS, JS_NJ, organisation, weeklyItem } from '../support/fixtures.js';
import { progressCommand } from '../support/payloads.js';
import { SIGNING_SECRET } from '../support/sign.js';
import { useTestApp } from '../support/test-app.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);
const TOKEN = 'metrics-token-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments left out). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples named `name` whose labels include `labels`; undefined when there is none. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return matching.length ? matching.reduce((sum, sample) => sum + sample.value, 0) : undefined;
}

describe('GET /metrics', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_METRICS_TOKEN: TOKEN },
    now: at('2026-11-02T08:00:00'),
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN'],
  });
  const scrape = async () => {
    const response = await app.send({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(response.body);
  };

  it('wants the bearer token when ZEREN_METRICS_TOKEN is set: 401 in the asked language without it or with another', async () => {
    const none = await app.send({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toEqual({ error: 'metrics_unauthorized', message: 'a valid metrics token is required (Authorization: Bearer …, ZEREN_METRICS_TOKEN)' });
    const wrong = await app.send({ method: 'GET', url: '/metrics?lang=zh-CN', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('需要有效的指标令牌（Authorization: Bearer …，即 ZEREN_METRICS_TOKEN）');
    expect(wrong.body).not.toContain('zeren_');
    expect(await scrape()).not.toHaveLength(0);
  });

  it('after reports, a tick and its deliveries shows every figure, non-zero where work happened', async () => {
    const item = (code: string, owner: string) => weeklyItem(code, '2026-11-09', { owners: [owner] });
    await app.importDocuments({ name: 'org.yaml', content: organisation({ units: [JS, JS_NJ], lists: [{ unit: 'JS-NJ', year: 2026, items: [item('NJ-01', 'U03OWN'), item('NJ-02', 'U04OWN')] }] }) });
    await setUpChannels({ client: app.bot.bolt!.client, db: app.db, logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    const dispatcher = app.bot.dispatcher!;
    await app.drain();

    // Stop the background delivery so that the tick's messages wait in the outbox for the scrape.
    await dispatcher.stop();
    app.clock.set(at('2026-11-09T09:31:00'));
    const tick = await app.bot.services.tick();
    expect(tick.decided).toEqual({ prompted: 2 });
    // Reports half an hour later, while the prompts still wait.
    app.clock.set(at('2026-11-09T10:00:00'));
    for (const text of ['NJ-01 30% on-track', 'NJ-02 10% at-risk waiting for data', 'NJ-01 35%']) {
      const response = await app.send(progressCommand(text.startsWith('NJ-01') ? 'U03OWN' : 'U04OWN', text));
      expect(response.statusCode).toBe(200);
    }
    expect(await app.db.selectFrom('ledger').select('id').where('kind', '=', 'report').execute()).toHaveLength(3);

    const queued = await scrape();
    // The unit's two prompts of one instant are one message.
    expect(total(queued, 'zeren_outbox_messages', { state: 'pending' })).toBeGreaterThanOrEqual(1);
    expect(total(queued, 'zeren_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(29 * 60);
    expect(total(queued, 'zeren_tick_duration_seconds_count')).toBe(1);
    expect(total(queued, 'zeren_tick_duration_seconds_sum')).toBeGreaterThan(0);
    expect(total(queued, 'zeren_tick_decisions_total', { kind: 'prompted' })).toBe(2);
    expect(total(queued, 'zeren_tick_enqueued_total')).toBeGreaterThanOrEqual(1);

    // Slack asks the first post to wait: the outbox tries it again after Retry-After.
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    dispatcher.start(50);
    await expect
      .poll(async () => {
        app.clock.advance(1000);
        return (await app.db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length;
      }, { timeout: 20_000, interval: 200 })
      .toBe(0);

    const samples = await scrape();
    // Requests, by route template, and their acknowledgement by payload type.
    expect(total(samples, 'zeren_http_requests_total', { route: '/slack/events', method: 'POST', status: '200' })).toBe(3);
    expect(total(samples, 'zeren_http_request_duration_seconds_count', { route: '/slack/events' })).toBe(3);
    expect(total(samples, 'zeren_http_requests_total', { route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'zeren_slack_ack_duration_seconds_count', { type: 'command' })).toBe(3);
    expect(total(samples, 'zeren_slack_ack_duration_seconds_sum', { type: 'command' })).toBeGreaterThan(0);
    expect(total(samples, 'zeren_slack_ack_duration_seconds_bucket', { type: 'command', le: '+Inf' })).toBe(3);
    // The outbox: drained, and how each try went.
    expect(total(samples, 'zeren_outbox_messages', { state: 'pending' }) ?? 0).toBe(0);
    expect(total(samples, 'zeren_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(total(samples, 'zeren_outbox_deliveries_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'zeren_outbox_deliveries_total', { outcome: 'retried' })).toBe(1);
    // Slack's side: every call timed by method, the 429 counted for its method.
    expect(total(samples, 'zeren_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(total(samples, 'zeren_slack_api_call_duration_seconds_count', { method: 'chat.postMessage', status: '429' })).toBe(1);
    expect(total(samples, 'zeren_slack_api_call_duration_seconds_count', { method: 'chat.postMessage', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(total(samples, 'zeren_slack_api_call_duration_seconds_count', { method: 'conversations.create' })).toBeGreaterThanOrEqual(2);
    expect(total(samples, 'zeren_slack_api_call_duration_seconds_sum', { method: 'chat.postMessage' })).toBeGreaterThan(0);
    // The database pool, and the process's own figures.
    const engine = app.bot.db.engine;
    expect(total(samples, 'zeren_db_pool_max', { engine })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'zeren_db_pool_connections', { engine, state: 'total' })).toBeGreaterThanOrEqual(1);
    // PostgreSQL's pool also says how many are idle and how many queries wait; PGlite has neither.
    const waiting = total(samples, 'zeren_db_pool_connections', { engine, state: 'waiting' });
    if (engine === 'postgres') expect(waiting).toBeGreaterThanOrEqual(0);
    else expect(waiting).toBeUndefined();
    expect(total(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(total(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('the probes', () => {
  let fake: FakeSlack;
  let testDb: TestDb;
  let bot: Bot;
  beforeAll(async () => {
    fake = await startFakeSlack();
    testDb = await createTestDb();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, ZEREN_SCHEDULER: 'off', LOG_LEVEL: 'silent' });
    // Every /healthz asks Slack again, so that the test sees each answer.
    bot = await createBot({ config, logger: pino({ level: 'silent' }), db: testDb.db, maxAuthPauseMs: 50, channelSetupIntervalMs: 0, slackHealthOkForMs: 0, slackHealthFailedForMs: 0 });
  });
  afterAll(async () => {
    await bot?.close();
    await testDb?.close();
    await fake?.close();
  });
  const get = async (url: string) => {
    const response = await bot.server.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  it('/livez answers while the process runs; /healthz only once the database answers and Slack accepts the token', async () => {
    expect(await get('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/healthz')).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'slack_not_connected' } });

    await bot.connect();
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok', database: testDb.db.engine, slack: 'ok' } });
    const asked = fake.callsTo('auth.test').length;

    fake.failNext('auth.test', { error: 'invalid_auth' });
    expect(await get('/healthz')).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'slack_auth_failed', detail: 'invalid_auth' } });
    expect(await get('/livez')).toMatchObject({ status: 200 });
    fake.failNext('auth.test', { status: 503 });
    expect(await get('/healthz')).toMatchObject({ status: 503, body: { reason: 'slack_unreachable' } });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { slack: 'ok' } });
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(asked);

    await testDb.db.close();
    expect(await get('/healthz')).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'database_unavailable' } });
    expect(await get('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
