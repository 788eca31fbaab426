import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBoltLogger } from '../../src/app/logger.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { JS, JS_NJ, organisation, type UnitFixture } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

const now = new Date('2026-11-25T02:00:00Z');
const logger = pino({ level: 'silent' });

const org = (options: { njChannel?: string; owners?: string[]; extraUnits?: UnitFixture[] } = {}) =>
  organisation({
    units: [JS, { ...JS_NJ, channel: options.njChannel }, ...(options.extraUnits ?? [])],
    lists: [
      {
        unit: 'JS-NJ',
        year: 2016,
        items: [
          { code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: options.owners ?? ['U03OWN', 'U04OWN'], due: '2016-02-29', cadence: 'weekly' },
          { code: 'NJ-02', title: '建立工作台账', responsibility: 'supervisory', owners: ['U03OWN'], due: '2016-06-30', cadence: 'monthly' },
        ],
      },
    ],
  });

describe('a channel per unit', () => {
  // Channel set-up on its own, through a WebClient as the bot configures it: no bot.
  const app = useTestApp({ bot: false, now, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U05OWN'].map((id) => ({ id })) });
  let client: WebClient;
  const db = () => app.db;

  const importOrg = (content: string) => app.importDocuments({ name: 'org.yaml', content });
  const setUp = (at = now) => setUpChannels({ client, db: db(), logger, botUserId: BOT_USER_ID, clock: () => at });
  const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const unit = (code: string) => db().selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const members = async (code: string) =>
    (await db().selectFrom('unit_members').select(['user_id', 'state', 'detail']).where('unit_code', '=', code).orderBy('user_id').execute()).map(
      (row) => `${row.user_id} ${row.state}${row.detail ? ` ${row.detail}` : ''}`,
    );
  const ledger = (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const invites = () => app.fake.callsTo('conversations.invite').map((call) => `${app.fake.channel(call.args.channel)?.name} ${call.args.users}`);

  beforeAll(() => {
    client = new WebClient('xoxb-test', {
      slackApiUrl: app.fake.url,
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 },
      rejectRateLimitedCalls: false,
      logger: toBoltLogger(logger),
    });
  });

  it('creates each new unit’s channel under the derived name and invites head, supervisor and owners in one call', async () => {
    await importOrg(org());
    const summary = await setUp();

    expect(summary).toEqual({ units: 2, created: 2, adopted: 0, invited: 6, notInvited: 0, failed: 0 });
    expect(app.fake.callsTo('conversations.create').map((call) => call.args.name)).toEqual(['zr-js', 'zr-js-nj']);
    expect(invites()).toEqual(['zr-js U01HEAD,U01SUP', 'zr-js-nj U02HEAD,U01SUP,U03OWN,U04OWN']);
    const channel = app.fake.channel('zr-js-nj')!;
    expect(channel.members).toEqual([BOT_USER_ID, 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN']);

    const nj = await unit('JS-NJ');
    expect(nj).toMatchObject({ channel_id: channel.id, channel_error: null, channel_name: null });
    expect(nj.channel_ready_at).toEqual(now);
    expect(await members('JS-NJ')).toEqual(['U01SUP member', 'U02HEAD member', 'U03OWN member', 'U04OWN member']);
    const entries = await ledger('channel_set_up');
    expect(entries.map((entry) => [entry.unit_code, entry.actor, entry.source, entry.details])).toEqual([
      ['JS', 'system', 'system', { channel_id: app.fake.channel('zr-js')!.id, channel_name: 'zr-js', adopted: false }],
      ['JS-NJ', 'system', 'system', { channel_id: channel.id, channel_name: 'zr-js-nj', adopted: false }],
    ]);
  });

  it('does nothing new on a second run, and leaves the import idempotent', async () => {
    await importOrg(org());
    await setUp();
    const entries = (await ledger('channel_set_up')).length;
    app.fake.clearCalls();

    expect(await setUp()).toEqual({ units: 0, created: 0, adopted: 0, invited: 0, notInvited: 0, failed: 0 });
    expect(app.fake.calls).toEqual([]);
    expect((await ledger('channel_set_up')).length).toBe(entries);
    // The set-up keeps the configured name apart from Slack's, so re-importing the same file changes nothing.
    expect((await importOrg(org())).written).toBe(false);
  });

  it('honours the import’s channel name, normalised', async () => {
    await importOrg(org({ njChannel: 'ZR Nanjing.Office', extraUnits: [{ code: 'JS-SZ', name: '苏州市纪委', parent: 'JS', channel: '#苏州 纪委' }] }));
    await setUp();
    expect(app.fake.callsTo('conversations.create').map((call) => call.args.name)).toEqual(['zr-js', 'zr-nanjing-office', '苏州-纪委']);
    expect((await unit('JS-SZ')).channel_id).toBe(app.fake.channel('苏州-纪委')!.id);
  });

  it('adopts and joins an existing channel of that name, found by paging through conversations.list', async () => {
    for (let n = 0; n < 250; n++) app.fake.addChannel({ name: `other-${n}` });
    const existing = app.fake.addChannel({ name: 'zr-js-nj', members: ['U02HEAD'] });
    await importOrg(org());
    const summary = await setUp();

    expect(summary).toMatchObject({ created: 1, adopted: 1, failed: 0 });
    const lists = app.fake.callsTo('conversations.list');
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[0]!.args).toMatchObject({ types: 'public_channel,private_channel', exclude_archived: 'false', limit: '200' });
    expect(lists[1]!.args.cursor).toBeTruthy();
    expect(app.fake.callsTo('conversations.join').map((call) => call.args.channel)).toEqual([existing.id]);
    expect((await unit('JS-NJ')).channel_id).toBe(existing.id);
    expect(existing.members).toEqual(['U02HEAD', BOT_USER_ID, 'U01SUP', 'U03OWN', 'U04OWN']);
    // The head was there already: Slack refused the whole call, so each was asked for in turn.
    expect(await members('JS-NJ')).toEqual(['U01SUP member', 'U02HEAD member already_in_channel', 'U03OWN member', 'U04OWN member']);
    expect((await ledger('channel_set_up')).find((entry) => entry.unit_code === 'JS-NJ')?.details).toEqual({
      channel_id: existing.id,
      channel_name: 'zr-js-nj',
      adopted: true,
    });
  });

  it('creates an alternative name when the name belongs to an archived channel or to a private one it cannot see', async () => {
    const archived = app.fake.addChannel({ name: 'zr-js', is_archived: true });
    app.fake.addChannel({ name: 'zr-js-nj', is_private: true, members: ['U02HEAD'] });
    await importOrg(org());
    const summary = await setUp();

    expect(summary).toMatchObject({ created: 2, adopted: 0, failed: 0 });
    expect(app.fake.callsTo('conversations.create').map((call) => call.args.name)).toEqual(['zr-js', 'zr-js-2', 'zr-js-nj', 'zr-js-nj-2']);
    expect(app.fake.callsTo('conversations.join')).toEqual([]);
    expect((await unit('JS')).channel_id).toBe(app.fake.channel('zr-js-2')!.id);
    expect((await unit('JS-NJ')).channel_id).toBe(app.fake.channel('zr-js-nj-2')!.id);
    expect(archived.members).toEqual([]);
  });

  it('does not adopt a channel that already serves another unit', async () => {
    await importOrg(org({ njChannel: 'zr-js' }));
    await setUp();
    expect(app.fake.callsTo('conversations.create').map((call) => call.args.name)).toEqual(['zr-js', 'zr-js', 'zr-js-2']);
    expect((await unit('JS-NJ')).channel_id).toBe(app.fake.channel('zr-js-2')!.id);
  });

  it('records a person Slack does not know, or will not invite, as failed and invites the others', async () => {
    app.fake.on('conversations.invite', (args, { builtin }) =>
      String(args.users).split(',').includes('U04OWN') ? { ok: false, error: 'cant_invite' } : builtin(),
    );
    await importOrg(org({ owners: ['U03OWN', 'U04OWN', 'U0GHOST'] }));
    const summary = await setUp();

    expect(summary).toMatchObject({ invited: 5, notInvited: 2, failed: 0 });
    expect(await members('JS-NJ')).toEqual([
      'U01SUP member',
      'U02HEAD member',
      'U03OWN member',
      'U04OWN failed cant_invite',
      'U0GHOST failed user_not_found',
    ]);
    expect(invites()).toEqual([
      'zr-js U01HEAD,U01SUP',
      'zr-js-nj U02HEAD,U01SUP,U03OWN,U04OWN',
      'zr-js-nj U02HEAD',
      'zr-js-nj U01SUP',
      'zr-js-nj U03OWN',
      'zr-js-nj U04OWN',
    ]);
    expect(app.fake.channel('zr-js-nj')!.members).toEqual([BOT_USER_ID, 'U02HEAD', 'U01SUP', 'U03OWN']);
    const retries = async () =>
      (await db().selectFrom('unit_members').select(['user_id', 'attempts', 'retry_at']).where('state', '=', 'failed').orderBy('user_id').execute()).map(
        (row) => `${row.user_id} ${row.attempts} ${row.retry_at?.toISOString()}`,
      );
    expect(await retries()).toEqual([`U04OWN 1 ${minutesLater(1).toISOString()}`, `U0GHOST 1 ${minutesLater(1).toISOString()}`]);

    // The failed invites are remembered, not forgotten: not again at once, but on the next run after a minute.
    app.fake.clearCalls();
    await setUp();
    expect(app.fake.calls).toEqual([]);

    app.fake.off('conversations.invite');
    expect(await setUp(minutesLater(1))).toMatchObject({ units: 1, invited: 1, notInvited: 1, failed: 0 });
    expect(invites()).toEqual(['zr-js-nj U04OWN']);
    expect(app.fake.channel('zr-js-nj')!.members).toEqual([BOT_USER_ID, 'U02HEAD', 'U01SUP', 'U03OWN', 'U04OWN']);
    expect(await members('JS-NJ')).toEqual(['U01SUP member', 'U02HEAD member', 'U03OWN member', 'U04OWN member', 'U0GHOST failed user_not_found']);
    // Slack still does not know U0GHOST: the next try backs off (two minutes, then four, … at most six hours).
    expect(await retries()).toEqual([`U0GHOST 2 ${minutesLater(3).toISOString()}`]);

    app.fake.clearCalls();
    await setUp(minutesLater(2));
    expect(app.fake.calls).toEqual([]);
    await setUp(minutesLater(3));
    expect(app.fake.callsTo('users.info').map((call) => call.args.user)).toEqual(['U0GHOST']);
    expect(await retries()).toEqual([`U0GHOST 3 ${minutesLater(7).toISOString()}`]);
  });

  it('does not invite a deactivated person: records them, marks them, and tells the unit head once which items they own', async () => {
    app.fake.addUser({ id: 'U03OWN', deleted: true });
    await importOrg(org());
    const summary = await setUp();

    expect(summary).toMatchObject({ invited: 5, notInvited: 1 });
    expect(invites()).toEqual(['zr-js U01HEAD,U01SUP', 'zr-js-nj U02HEAD,U01SUP,U04OWN']);
    expect(await members('JS-NJ')).toEqual(['U01SUP member', 'U02HEAD member', 'U03OWN deactivated deleted', 'U04OWN member']);
    const person = await db().selectFrom('people').select('deactivated').where('user_id', '=', 'U03OWN').executeTakeFirstOrThrow();
    expect(person.deactivated).toBe(true);
    const outbox = await db().selectFrom('outbox').select(['idempotency_key', 'kind', 'lane', 'payload', 'state']).where('kind', '=', 'member_deactivated').execute();
    expect(outbox).toEqual([
      {
        idempotency_key: 'member_deactivated:JS-NJ:U03OWN',
        kind: 'member_deactivated',
        lane: 'U02HEAD',
        payload: { unit: 'JS-NJ', user: 'U03OWN', roles: ['owner'], items: ['NJ-01', 'NJ-02'] },
        state: 'pending',
      },
    ]);
  });

  it('never invites the bot itself, even when it is named a unit’s head', async () => {
    await importOrg(org().replace('head: U01HEAD', `head: ${BOT_USER_ID}`));
    await setUp();
    expect(invites()[0]).toBe('zr-js U01SUP');
    expect(await members('JS')).toEqual(['U01SUP member', `${BOT_USER_ID} member bot`]);
  });

  it('waits out a 429 (Retry-After: 1) on conversations.create and succeeds', async () => {
    app.fake.failNext('conversations.create', { status: 429, retryAfter: 1 });
    await importOrg(org());
    const started = Date.now();
    const summary = await setUp();

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(summary).toMatchObject({ created: 2, failed: 0 });
    expect(app.fake.callsTo('conversations.create').map((call) => call.args.name)).toEqual(['zr-js', 'zr-js', 'zr-js-nj']);
  });

  it('records a unit whose set-up Slack refuses and goes on with the next; the next run sets it up', async () => {
    app.fake.failNext('conversations.create', { error: 'restricted_action' });
    await importOrg(org());
    const summary = await setUp();

    expect(summary).toMatchObject({ units: 2, created: 1, failed: 1 });
    expect(await unit('JS')).toMatchObject({ channel_id: null, channel_ready_at: null, channel_error: 'restricted_action' });
    expect((await unit('JS-NJ')).channel_ready_at).toEqual(now);

    expect(await setUp()).toMatchObject({ units: 1, created: 1, failed: 0 });
    expect(await unit('JS')).toMatchObject({ channel_id: app.fake.channel('zr-js')!.id, channel_error: null });
  });

  it('stops the run, recording nothing against the unit, when Slack cannot be reached', async () => {
    app.fake.failNext('*', { status: 503 }, 10);
    await importOrg(org());
    await expect(setUp()).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect(await unit('JS')).toMatchObject({ channel_id: null, channel_error: null });
  });

  it('invites only the owner a re-import added', async () => {
    await importOrg(org());
    await setUp();
    const entries = (await ledger('channel_set_up')).length;
    app.fake.clearCalls();

    await importOrg(org({ owners: ['U03OWN', 'U04OWN', 'U05OWN'] }));
    expect(await setUp()).toMatchObject({ units: 1, created: 0, adopted: 0, invited: 1 });
    expect(app.fake.callsTo('conversations.create')).toEqual([]);
    expect(invites()).toEqual(['zr-js-nj U05OWN']);
    expect((await ledger('channel_set_up')).length).toBe(entries);
  });

  it('sets up another channel when the unit’s channel was archived, and brings everyone into it', async () => {
    await importOrg(org());
    await setUp();
    app.fake.channel('zr-js-nj')!.is_archived = true;
    await importOrg(org({ owners: ['U03OWN', 'U04OWN', 'U05OWN'] }));
    app.fake.clearCalls();

    expect(await setUp()).toMatchObject({ created: 1, invited: 5 });
    const replacement = app.fake.channel('zr-js-nj-2')!;
    expect((await unit('JS-NJ')).channel_id).toBe(replacement.id);
    expect(invites()).toEqual(['zr-js-nj-2 U02HEAD,U01SUP,U03OWN,U04OWN,U05OWN']);
  });
});
