import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/services/importer.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { slashCommand } from '../support/sign.js';

const exampleYaml = readFileSync(new URL('../../examples/jiangsu-2016.yaml', import.meta.url), 'utf8');
const NOW = new Date('2016-03-10T02:00:00Z');

describe('the bot’s background work', () => {
  let app: TestApp;
  const db = () => app.testDb.db.kysely;

  beforeAll(async () => {
    app = await buildTestApp({ ZEREN_LOCALE: 'en' }, { clock: () => NOW, channelSetupIntervalMs: 100 });
    for (const id of ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03OWN', 'U04OWN', 'U05OWN']) app.fake.addUser({ id, locale: 'en-US' });
    app.fake.addUser({ id: 'U06OWN', deleted: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sets up a channel for each imported unit, and delivers report notices there once', async () => {
    const outcome = await importFiles({ db: db(), now: NOW, timeZone: 'Asia/Shanghai' }, [{ name: 'example.yaml', content: exampleYaml }]);
    expect(outcome.ok).toBe(true);
    await expect.poll(async () => (await db().selectFrom('units').select('code').where('channel_ready_at', 'is not', null).execute()).length, { timeout: 10_000 }).toBe(3);
    const nj = await db().selectFrom('units').selectAll().where('code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    expect(app.fake.channel(nj.channel_id as string)).toMatchObject({ name: 'zr-js-nj' });
    expect(app.fake.channel(nj.channel_id as string)?.members).toEqual(expect.arrayContaining(['U0BOT', 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN', 'U05OWN']));

    const reply = await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-2016-01 40% on-track draft out' }));
    expect(reply.json()).toMatchObject({ response_type: 'ephemeral' });
    await expect.poll(() => app.fake.messages(nj.channel_id as string).filter((m) => !m.ephemeral).length, { timeout: 10_000 }).toBe(1);
    const [notice] = app.fake.messages(nj.channel_id as string);
    expect(notice?.text).toBe('<@U03OWN> reported on NJ-2016-01 细化责任清单: 40% · On track · draft out');
    expect(JSON.stringify(notice?.blocks)).toContain('"action_id":"report_progress"');
    expect(notice?.metadata).toMatchObject({ event_type: 'zeren_outbox' });
    // Marked sent right after Slack's answer (which the fake records first).
    const row = () => db().selectFrom('outbox').selectAll().where('kind', '=', 'report_notice').executeTakeFirstOrThrow();
    await expect.poll(async () => (await row()).state, { timeout: 5000 }).toBe('sent');
    expect(await row()).toMatchObject({ state: 'sent', result: { ts: notice?.ts } });
  });

  it('tells the unit head about a deactivated owner, once', async () => {
    const flags = () => app.fake.messages('U03HEAD').filter((message) => message.text?.includes('is deactivated'));
    await expect.poll(() => flags().length, { timeout: 10_000 }).toBe(1);
    expect(flags()[0]?.text).toContain('<@U06OWN> is deactivated in Slack, so they were not added to the channel of unit JS-SZ. They own 1 item(s): SZ-2016-01.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(flags()).toHaveLength(1);
  });

  it('records a message Slack refuses for good on the ledger, and marks a lost channel for set-up', async () => {
    const nj = await db().selectFrom('units').selectAll().where('code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    // Everything queued so far (the sign-off requests among it) is delivered first.
    await expect.poll(async () => (await db().selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length, { timeout: 10_000 }).toBe(0);
    app.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await app.send(slashCommand({ user_id: 'U04OWN', text: 'NJ-2016-01 50%' }));
    await expect.poll(async () => (await db().selectFrom('ledger').selectAll().where('kind', '=', 'delivery_failed').execute()).length, { timeout: 10_000 }).toBe(1);
    const failed = await db().selectFrom('ledger').selectAll().where('kind', '=', 'delivery_failed').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ unit_code: 'JS-NJ', item_code: 'NJ-2016-01', actor: 'system', source: 'system', details: { error: 'not_in_channel', lane: nj.channel_id } });
    // The set-up job finds the channel again (the bot is still a member in the fake) and readies it.
    await expect.poll(async () => (await db().selectFrom('units').select('channel_ready_at').where('code', '=', 'JS-NJ').executeTakeFirstOrThrow()).channel_ready_at, { timeout: 10_000 }).not.toBeNull();
    expect(app.fake.violations).toEqual([]);
  });
});
