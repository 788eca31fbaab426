import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { EXAMPLE_NOW, EXAMPLE_PEOPLE, exampleYaml } from '../support/fixtures.js';
import { slashCommand } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

describe('the bot’s background work', () => {
  // The tests follow one another on one organisation, with the background jobs running.
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en' }, now: EXAMPLE_NOW, channelSetupIntervalMs: 100, reset: false, users: [...EXAMPLE_PEOPLE, { id: 'U06OWN', deleted: true }] });
  const db = () => app.db;

  it('sets up a channel for each imported unit, and delivers report notices there once', async () => {
    await app.importDocuments({ name: 'example.yaml', content: exampleYaml });
    await expect.poll(async () => (await db().selectFrom('units').select('code').where('channel_ready_at', 'is not', null).execute()).length, { timeout: 10_000 }).toBe(3);
    const nj = await db().selectFrom('units').selectAll().where('code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    expect(app.fake.channel(nj.channel_id as string)).toMatchObject({ name: 'zr-js-nj' });
    expect(app.fake.channel(nj.channel_id as string)?.members).toEqual(expect.arrayContaining(['U0BOT', 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN', 'U05OWN']));

    const reply = await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-2016-01 40% on-track draft out' }));
    expect(reply.json()).toMatchObject({ response_type: 'ephemeral' });
    // The channel's welcome first (posted once by the background set-up), then the notice.
    await expect.poll(() => app.fake.messages(nj.channel_id as string).filter((m) => !m.ephemeral).length, { timeout: 10_000 }).toBe(2);
    const [welcome, notice] = app.fake.messages(nj.channel_id as string);
    expect(welcome?.text).toBe('👋 Zeren is here: this channel serves *南京市纪委* (JS-NJ).');
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
    // Another round of the set-up, and everything it queued delivered: still one message.
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: BOT_USER_ID, clock: app.clock });
    await app.drain();
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
