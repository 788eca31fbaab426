import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBoltLogger } from '../../src/app/logger.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { importFiles } from '../../src/services/importer.js';
import { welcomeMessage } from '../../src/slack/blocks/channel-messages.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { JS, JS_NJ, organisation } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

// Wednesday 2026-11-25, 10:00 in Shanghai: inside working hours, so prompts go out at once.
const NOW = new Date('2026-11-25T02:00:00Z');
const logger = pino({ level: 'silent' });

const org = (njChannel?: string) =>
  organisation({
    units: [JS, { ...JS_NJ, channel: njChannel }],
    lists: [
      {
        unit: 'JS-NJ',
        year: 2026,
        items: [{ code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: ['U03OWN', 'U04OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02' }],
      },
    ],
  });

type Keyed = { metadata?: unknown; ephemeral?: boolean };
const keyOf = (message: Keyed) => String((message.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);

describe('a unit’s channel: the welcome, and a move by re-import', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en' }, now: NOW, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U05OWN'] });
  const db = () => app.db;
  let client: WebClient;
  beforeAll(() => {
    // As the bot configures it for set-up, but retrying little: a test of failures stays short.
    client = new WebClient('xoxb-test', { slackApiUrl: app.fake.url, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 }, rejectRateLimitedCalls: false, logger: toBoltLogger(logger) });
  });

  const setUp = () => setUpChannels({ client, db: db(), logger, botUserId: BOT_USER_ID, clock: app.clock });
  const importOrg = (content: string) => app.importDocuments({ name: 'org.yaml', content });
  const unit = (code: string) => db().selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const ledger = (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const posted = (channel: string, prefix: string) => app.fake.messages(channel).filter((message) => !message.ephemeral && keyOf(message).startsWith(prefix));
  const outboxKeys = async (prefix: string) =>
    (await db().selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `${prefix}%`).orderBy('id').execute()).map((row) => row.idempotency_key);

  /** Imported and set up in `zr-js-nj`, everything delivered. */
  const settled = async () => {
    await importOrg(org());
    await setUp();
    await app.drain();
    return app.fake.channel('zr-js-nj')!.id;
  };

  describe('the welcome message', () => {
    it('is posted once in each new unit channel, in the configured language: what Zeren is, /progress, App Home', async () => {
      await importOrg(org());
      await setUp();
      await app.drain();
      for (const [code, name] of [['JS', 'zr-js'], ['JS-NJ', 'zr-js-nj']] as const) {
        const channel = app.fake.channel(name)!.id;
        const welcome = posted(channel, 'channel_welcome:');
        expect(welcome.map(keyOf)).toEqual([`channel_welcome:${code}:${channel}`]);
        const blocks = JSON.stringify(welcome[0]!.blocks);
        expect(welcome[0]!.text).toBe(`👋 Zeren is here: this channel serves *${code === 'JS' ? '江苏省纪委' : '南京市纪委'}* (${code}).`);
        expect(blocks).toContain('runs the unit’s responsibility list');
        expect(blocks).toContain('`/progress ITEM-CODE 40% on-track first draft done`');
        expect(blocks).toContain('*App Home:*');
        expect(blocks).not.toContain('moved here');
      }
    });

    it('is not posted again by a second set-up run, nor after the channel was lost and joined again, nor by a restarted run', async () => {
      const channel = await settled();
      await setUp();
      // Slack said not_in_channel: the unit's channel is lost until set-up joins it again (a new channel_set_up entry).
      await db().updateTable('units').set({ channel_ready_at: null, channel_error: 'not_in_channel' }).where('code', '=', 'JS-NJ').execute();
      app.fake.channel(channel)!.members = app.fake.channel(channel)!.members.filter((member) => member !== BOT_USER_ID);
      // Joined again, not created: counted as adopted, as any channel taken over.
      expect(await setUp()).toMatchObject({ units: 1, created: 0, adopted: 1, failed: 0 });
      expect((await ledger('channel_set_up')).filter((entry) => entry.unit_code === 'JS-NJ')).toHaveLength(2);
      // A process started afresh runs set-up from nothing in memory: the outbox key is what counts.
      await setUpChannels({ client: new WebClient('xoxb-test', { slackApiUrl: app.fake.url, logger: toBoltLogger(logger) }), db: db(), logger, botUserId: BOT_USER_ID, clock: app.clock });
      await app.drain();
      expect(posted(channel, 'channel_welcome:')).toHaveLength(1);
      expect(await outboxKeys('channel_welcome:JS-NJ:')).toEqual([`channel_welcome:JS-NJ:${channel}`]);
    });

    it('is in Chinese where the organisation speaks Chinese (ZEREN_LOCALE zh-CN, the default)', () => {
      const zh = welcomeMessage('zh-CN', { unit: 'JS-NJ', name: '南京市纪委', moved_from: 'C0OLD' });
      expect(zh.text).toBe('👋 Zeren（责任）已就位：本频道服务于*南京市纪委*（JS-NJ）。 本单位已从 <#C0OLD> 迁至本频道；以前的消息仍留在原频道。');
      expect(JSON.stringify(zh.blocks)).toContain('`/progress 帮助`');
    });
  });

  describe('moving a unit by re-importing it with another channel', () => {
    it('shows the move in a dry run and writes nothing', async () => {
      const old = await settled();
      const dry = await importFiles(app.deps(), [{ name: 'org.yaml', content: org('nanjing-office') }], { dryRun: true });
      expect(dry.ok && dry.plan.moves).toEqual([{ unit: 'JS-NJ', from: { id: old, name: 'zr-js-nj' }, to: 'nanjing-office' }]);
      expect(dry.ok && dry.written).toBe(false);
      expect(await unit('JS-NJ')).toMatchObject({ channel_name: null, channel_id: old, channel_move_requested_at: null });
    });

    it('moves it: adopts or creates the channel, invites its people, records the move, tells both channels; then prompts go there, and a second import changes nothing', async () => {
      const old = await settled();
      const before = (await ledger('channel_set_up')).length;
      const outcome = await importOrg(org('Nanjing Office'));
      expect(outcome.plan.moves).toEqual([{ unit: 'JS-NJ', from: { id: old, name: 'zr-js-nj' }, to: 'nanjing-office' }]);
      // Until set-up has moved it, the unit is served in its old channel.
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: old, channel_name: 'Nanjing Office', channel_move_requested_at: NOW });
      app.fake.clearCalls();

      expect(await setUp()).toMatchObject({ units: 1, created: 1, adopted: 0, invited: 4, failed: 0 });
      const moved = app.fake.channel('nanjing-office')!;
      expect(moved.members).toEqual([BOT_USER_ID, 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN']);
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: moved.id, channel_ready_at: NOW, channel_move_requested_at: null, channel_error: null });
      const entries = await ledger('channel_moved');
      expect(entries.map((entry) => [entry.unit_code, entry.actor, entry.source, entry.details])).toEqual([
        ['JS-NJ', 'system', 'system', { channel_id: moved.id, channel_name: 'nanjing-office', adopted: false, from_channel_id: old, from_channel_name: 'zr-js-nj' }],
      ]);
      expect(await ledger('channel_set_up')).toHaveLength(before);

      await app.drain();
      expect(posted(old, 'channel_moved:').map((message) => message.text)).toEqual([
        `➡️ *南京市纪委* (JS-NJ) has moved to <#${moved.id}>: its prompts, notices and digests are posted there from now on. Zeren no longer uses this channel for it.`,
      ]);
      const welcome = posted(moved.id, 'channel_welcome:');
      expect(welcome).toHaveLength(1);
      expect(welcome[0]!.text).toContain(`This unit moved here from <#${old}>`);

      // The next prompt goes to the new channel.
      expect((await app.bot.services.tick()).decided).toMatchObject({ prompted: 1 });
      await app.drain();
      expect(posted(moved.id, 'prompt:').map(keyOf)).toEqual(['prompt:NJ-01:2026-W48']);
      expect(posted(old, 'prompt:')).toEqual([]);

      // The same file again: nothing to write, nothing to move, set-up has nothing to do.
      const again = await importOrg(org('Nanjing Office'));
      expect(again.written).toBe(false);
      expect(again.plan.moves).toEqual([]);
      const ledgerSize = (await db().selectFrom('ledger').select('id').execute()).length;
      app.fake.clearCalls();
      expect(await setUp()).toMatchObject({ units: 0 });
      expect(app.fake.calls).toEqual([]);
      expect((await db().selectFrom('ledger').select('id').execute()).length).toBe(ledgerSize);
      expect(await outboxKeys('channel_')).toHaveLength(4);
    });

    it('adopts an existing channel of the new name, and skips a name that serves another unit', async () => {
      const old = await settled();
      const existing = app.fake.addChannel({ name: 'nj-office', members: ['U02HEAD'] });
      await importOrg(org('nj-office'));
      expect(await setUp()).toMatchObject({ created: 0, adopted: 1, failed: 0 });
      expect((await unit('JS-NJ')).channel_id).toBe(existing.id);
      expect(existing.members).toEqual(['U02HEAD', BOT_USER_ID, 'U01SUP', 'U03OWN', 'U04OWN']);
      expect((await ledger('channel_moved'))[0]?.details).toMatchObject({ channel_id: existing.id, adopted: true, from_channel_id: old });

      // The province's channel cannot serve the city too: the move takes the next free name.
      await importOrg(org('zr-js'));
      expect(await setUp()).toMatchObject({ created: 1, failed: 0 });
      expect((await unit('JS-NJ')).channel_id).toBe(app.fake.channel('zr-js-2')!.id);
      expect((await unit('JS')).channel_id).toBe(app.fake.channel('zr-js')!.id);
    });

    it('moves nothing when the new channel name is the one the unit’s channel already has', async () => {
      await settled();
      const outcome = await importOrg(org('zr-js-nj'));
      expect(outcome.written).toBe(true);
      expect(outcome.plan.moves).toEqual([]);
      app.fake.clearCalls();
      expect(await setUp()).toMatchObject({ units: 0 });
      expect(await ledger('channel_moved')).toEqual([]);
    });

    it('keeps a failed move and tries it again on the next run; meanwhile the old channel serves, and what was queued for it follows the unit', async () => {
      const old = await settled();
      await importOrg(org('nanjing-office'));
      // A message waiting for the old channel (a notice due later) goes to the new one after the move.
      await enqueue(
        db(),
        [{ key: 'report_notice:test', lane: old, notBefore: new Date(NOW.getTime() + 3_600_000), kind: 'report_notice', payload: { unit: 'JS-NJ', channel: old, item: 'NJ-01', title: '细化责任清单', actor: 'U03OWN', percent: 30 } }],
        NOW,
      );

      app.fake.failNext('conversations.create', { error: 'restricted_action' });
      expect(await setUp()).toMatchObject({ units: 1, failed: 1 });
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: old, channel_error: 'restricted_action', channel_move_requested_at: NOW });
      expect(app.fake.channel('zr-js-nj')!.is_archived).toBe(false);

      // Slack out of reach (beyond the client's retries): the run stops, the move waits.
      app.fake.failNext('conversations.create', { status: 503 }, 2);
      await expect(setUp()).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: old, channel_move_requested_at: NOW });
      expect(await ledger('channel_moved')).toEqual([]);

      // A 429 is waited out (Retry-After) inside the run, which then moves the unit.
      app.fake.failNext('conversations.create', { status: 429, retryAfter: 1 });
      expect(await setUp()).toMatchObject({ units: 1, created: 1, failed: 0 });
      const moved = app.fake.channel('nanjing-office')!.id;
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: moved, channel_error: null, channel_move_requested_at: null });
      const queued = await db().selectFrom('outbox').select(['lane', 'payload']).where('idempotency_key', '=', 'report_notice:test').executeTakeFirstOrThrow();
      expect(queued).toMatchObject({ lane: moved, payload: { channel: moved } });
    });

    it('invites the people into the new channel on the next run when Slack refused the invite (not_in_channel)', async () => {
      await settled();
      await importOrg(org('nanjing-office'));
      app.fake.failNext('conversations.invite', { error: 'not_in_channel' });
      expect(await setUp()).toMatchObject({ units: 1, created: 1, invited: 0, failed: 1 });
      const moved = app.fake.channel('nanjing-office')!;
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: moved.id, channel_error: 'not_in_channel' });
      expect(moved.members).toEqual([BOT_USER_ID]);

      expect(await setUp()).toMatchObject({ units: 1, created: 0, invited: 4, failed: 0 });
      expect(moved.members).toEqual([BOT_USER_ID, 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN']);
      expect(await unit('JS-NJ')).toMatchObject({ channel_error: null });
      expect(await ledger('channel_moved')).toHaveLength(1);
    });

    it('keeps the unit in its new channel when the old one cannot be told (the bot was removed from it)', async () => {
      const old = await settled();
      app.fake.channel(old)!.members = app.fake.channel(old)!.members.filter((member) => member !== BOT_USER_ID);
      await importOrg(org('nanjing-office'));
      await setUp();
      await app.drain();
      const moved = app.fake.channel('nanjing-office')!.id;
      const notice = await db().selectFrom('outbox').select(['state', 'last_error']).where('idempotency_key', 'like', 'channel_moved:%').executeTakeFirstOrThrow();
      expect(notice.state).toBe('failed');
      expect((await ledger('delivery_failed')).map((entry) => entry.details)).toMatchObject([{ message_kind: 'channel_moved', lane: old, error: 'not_in_channel' }]);
      expect(await unit('JS-NJ')).toMatchObject({ channel_id: moved, channel_error: null });
      expect((await unit('JS-NJ')).channel_ready_at).not.toBeNull();
      expect(posted(moved, 'channel_welcome:')).toHaveLength(1);
    });
  });
});
