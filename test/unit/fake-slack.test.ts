import { LogLevel, WebClient, type ConversationsListResponse } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID, GENERAL_CHANNEL_ID, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;
let retrying: WebClient;

const noRetries = (token: string | undefined, extra: Record<string, unknown> = {}) =>
  new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...extra });

/** The Slack error code of a rejected WebClient call. */
async function slackError(call: Promise<unknown>): Promise<string> {
  const err = (await call.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  )) as { data?: { error?: string } };
  return err.data?.error ?? String(err);
}

beforeAll(async () => {
  fake = await startFakeSlack();
  client = noRetries('xoxb-test');
  retrying = new WebClient('xoxb-test', {
    slackApiUrl: fake.url,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
    rejectRateLimitedCalls: false,
    logLevel: LogLevel.ERROR,
  });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.addUser({ id: 'U1', name: 'alice', email: 'alice@example.com', locale: 'zh-CN' });
  fake.addUser({ id: 'U2', name: 'bob', email: 'bob@example.com' });
  fake.addUser({ id: 'U3', name: 'gone', deleted: true });
});

describe('fake Slack: auth', () => {
  it('answers auth.test for the bot token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: BOT_USER_ID, bot_id: 'B0BOT', team_id: 'T0ZEREN' });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.callsTo('auth.test')[0]).toMatchObject({ method: 'auth.test', token: 'xoxb-test' });
  });

  it('rejects a wrong token with invalid_auth and a missing one with not_authed', async () => {
    expect(await slackError(noRetries('xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await slackError(noRetries(undefined).auth.test())).toBe('not_authed');
  });

  it('accepts JSON bodies with a bearer token and answers unknown methods like Slack', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'U1', text: 'hi', blocks: [{ type: 'divider' }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, channel: fake.dmChannelId('U1') });
    expect(fake.callsTo('chat.postMessage')[0]!.args.blocks).toEqual([{ type: 'divider' }]);
    expect(await slackError(client.apiCall('nope.never'))).toBe('unknown_method');
  });
});

describe('fake Slack: users', () => {
  it('gives the locale only when asked, and finds users by e-mail', async () => {
    const plain = await client.users.info({ user: 'U1' });
    expect(plain.user).toMatchObject({ id: 'U1', name: 'alice', tz: 'Asia/Shanghai', tz_offset: 8 * 3600 });
    expect(plain.user?.locale).toBeUndefined();
    expect((await client.users.info({ user: 'U1', include_locale: true })).user?.locale).toBe('zh-CN');
    expect((await client.users.lookupByEmail({ email: 'BOB@example.com' })).user?.id).toBe('U2');
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found');
    expect(await slackError(client.users.lookupByEmail({ email: 'x@example.com' }))).toBe('users_not_found');
  });
});

describe('fake Slack: conversations', () => {
  it('creates channels with Slack name rules and name_taken', async () => {
    const res = await client.conversations.create({ name: 'zeren-ops' });
    expect(res.channel).toMatchObject({ name: 'zeren-ops', is_member: true, is_private: false });
    expect(fake.channel('#zeren-ops')?.members).toEqual([BOT_USER_ID]);
    expect(await slackError(client.conversations.create({ name: 'zeren-ops' }))).toBe('name_taken');
    expect(await slackError(client.conversations.create({ name: 'Zeren Ops' }))).toBe('invalid_name_specials');
    expect(await slackError(client.conversations.create({ name: 'a.b' }))).toBe('invalid_name_specials');
    expect(await slackError(client.conversations.create({ name: 'x'.repeat(81) }))).toBe('invalid_name_maxlength');
    expect((await client.conversations.create({ name: '值班-2024' })).ok).toBe(true);
  });

  it('paginates conversations.list with limit, types and exclude_archived', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) fake.addChannel({ name });
    fake.addChannel({ name: 'old', is_archived: true });
    fake.addChannel({ name: 'secret', is_private: true, members: ['U1'] });
    fake.addChannel({ name: 'ours', is_private: true, members: [BOT_USER_ID] });

    const pages: ConversationsListResponse[] = [];
    for await (const p of client.paginate('conversations.list', { limit: 2, exclude_archived: true })) {
      pages.push(p as ConversationsListResponse);
    }
    expect(pages).toHaveLength(3);
    const names = pages.flatMap((p) => p.channels?.map((c) => c.name));
    expect(names).toEqual(['general', 'a', 'b', 'c', 'd', 'e']);
    expect(pages[2]!.response_metadata?.next_cursor).toBe('');
    expect(fake.callsTo('conversations.list').map((c) => c.args.cursor)).toEqual([undefined, expect.any(String), expect.any(String)]);

    const all = await client.conversations.list({ types: 'public_channel,private_channel', limit: 100 });
    expect(all.channels?.map((c) => c.name)).toEqual(['general', 'a', 'b', 'c', 'd', 'e', 'old', 'ours']);
  });

  it('joins public channels but not archived ones', async () => {
    const open = fake.addChannel({ name: 'open' });
    const archived = fake.addChannel({ name: 'closed', is_archived: true });
    expect((await client.conversations.join({ channel: open.id })).channel?.is_member).toBe(true);
    expect(await slackError(client.conversations.join({ channel: archived.id }))).toBe('is_archived');
    expect((await client.conversations.join({ channel: open.id })).warning).toBe('already_in_channel');
  });

  it('reports invite errors for the first failing user', async () => {
    const ch = fake.addChannel({ name: 'team', members: [BOT_USER_ID, 'U1'] });
    const outside = fake.addChannel({ name: 'elsewhere' });
    expect(await slackError(client.conversations.invite({ channel: ch.id, users: 'U1' }))).toBe('already_in_channel');
    expect(await slackError(client.conversations.invite({ channel: ch.id, users: BOT_USER_ID }))).toBe('cant_invite_self');
    expect(await slackError(client.conversations.invite({ channel: ch.id, users: 'U2,U404' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.invite({ channel: ch.id, users: 'U3' }))).toBe('cant_invite');
    expect(await slackError(client.conversations.invite({ channel: outside.id, users: 'U2' }))).toBe('not_in_channel');
    expect(fake.channel(ch.id)?.members).toEqual([BOT_USER_ID, 'U1']);
    await client.conversations.invite({ channel: ch.id, users: 'U2' });
    expect(fake.channel(ch.id)?.members).toEqual([BOT_USER_ID, 'U1', 'U2']);
  });

  it('opens DMs and returns history newest first with metadata when asked', async () => {
    const dm = await client.conversations.open({ users: 'U1' });
    const id = dm.channel?.id ?? '';
    expect(id).toMatch(/^D/);
    await client.chat.postMessage({ channel: id, text: 'one', metadata: { event_type: 'zeren_outbox', event_payload: { key: 'k1' } } });
    await client.chat.postMessage({ channel: 'U1', text: 'two' });
    const history = await client.conversations.history({ channel: id, limit: 10, include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['two', 'one']);
    expect(history.messages?.[1]?.metadata).toEqual({ event_type: 'zeren_outbox', event_payload: { key: 'k1' } });
    const bare = await client.conversations.history({ channel: id });
    expect(bare.messages?.[1]?.metadata).toBeUndefined();
    expect(await slackError(client.conversations.open({ users: 'U3' }))).toBe('user_disabled');
  });
});

describe('fake Slack: chat', () => {
  it('refuses to post where the bot is not a member', async () => {
    const ch = fake.addChannel({ name: 'private-ish' });
    const err = await client.chat.postMessage({ channel: ch.id, text: 'hi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } });
    expect(await slackError(client.chat.postMessage({ channel: 'C404', text: 'hi' }))).toBe('channel_not_found');
    expect(fake.messages()).toEqual([]);
  });

  it('posts, threads, updates and links messages', async () => {
    const ch = fake.addChannel({ name: 'ops', members: [BOT_USER_ID, 'U1'] });
    const first = await client.chat.postMessage({ channel: ch.id, text: 'parent' });
    const reply = await client.chat.postMessage({ channel: ch.id, text: 'reply', thread_ts: first.ts! });
    expect(first.ts).toBe('1700000000.000100');
    expect(Number(reply.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message).toMatchObject({ text: 'parent', user: BOT_USER_ID, bot_id: 'B0BOT' });

    const updated = await client.chat.update({ channel: ch.id, ts: first.ts!, text: 'parent (done)' });
    expect(updated.text).toBe('parent (done)');
    expect(fake.messages('ops').map((m) => [m.text, m.thread_ts, m.edits])).toEqual([
      ['parent (done)', undefined, 1],
      ['reply', first.ts, 0],
    ]);
    expect(await slackError(client.chat.update({ channel: ch.id, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    expect(await slackError(client.chat.update({ channel: ch.id, ts: first.ts!, text: 'x'.repeat(4001) }))).toBe('msg_too_long');
    expect(fake.violations.map((v) => v.method)).toEqual(['chat.update']);

    const link = await client.chat.getPermalink({ channel: ch.id, message_ts: reply.ts! });
    expect(link.permalink).toBe(`https://zeren-test.slack.com/archives/${ch.id}/p${reply.ts!.replace('.', '')}?thread_ts=${first.ts}&cid=${ch.id}`);
  });

  it('posts ephemerals only to channel members', async () => {
    const ch = fake.addChannel({ name: 'ops', members: [BOT_USER_ID, 'U1'] });
    const res = await client.chat.postEphemeral({ channel: ch.id, user: 'U1', text: 'only you' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.messages(ch.id)).toEqual([
      { channel: ch.id, ts: res.message_ts, user: 'U1', ephemeral: true, text: 'only you', edits: 0 },
    ]);
    expect(await slackError(client.chat.postEphemeral({ channel: ch.id, user: 'U2', text: 'x' }))).toBe('user_not_in_channel');
  });

  it('rejects Block Kit violations with invalid_blocks and records them', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await slackError(client.chat.postMessage({ channel: 'U1', text: 'x', blocks }))).toBe('invalid_blocks');
    const button = { type: 'button' as const, action_id: 'a', text: { type: 'plain_text' as const, text: 'x'.repeat(76) } };
    const err = await client.chat.postMessage({ channel: 'U1', text: 'x', blocks: [{ type: 'actions', elements: [button] }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { error: 'invalid_blocks', errors: ['blocks[0].elements[0].text.text: button text is 76 characters, max 75'] } });
    expect(fake.violations).toHaveLength(2);
    expect(fake.violations[0]!.errors).toEqual(['blocks: message blocks has 51 items, max 50']);
    expect(fake.messages()).toEqual([]);
  });
});

describe('fake Slack: views', () => {
  const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Report' }, blocks: [{ type: 'divider' }] };

  it('opens, updates and publishes views', async () => {
    expect(await slackError(client.views.open({ trigger_id: '', view: modal }))).toBe('invalid_arguments');
    fake.expireTrigger('t-old');
    expect(await slackError(client.views.open({ trigger_id: 't-old', view: modal }))).toBe('expired_trigger_id');

    const opened = await client.views.open({ trigger_id: 't1', view: { ...modal, private_metadata: 'item:7' } });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), private_metadata: 'item:7', type: 'modal' });
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(await slackError(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }))).toBe('hash_conflict');

    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [{ type: 'divider' }] } });
    expect(fake.homeView('U1')?.view.blocks).toEqual([{ type: 'divider' }]);
    expect(fake.views.map((v) => v.type)).toEqual(['modal', 'home']);

    const tooLong = { ...modal, title: { type: 'plain_text' as const, text: 'x'.repeat(25) } };
    expect(await slackError(client.views.open({ trigger_id: 't2', view: tooLong }))).toBe('invalid_blocks');
    expect(fake.violations.map((v) => v.method)).toEqual(['views.open']);
  });
});

describe('fake Slack: failures and retries', () => {
  it('answers 429 with Retry-After, which WebClient waits out and retries', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const res = await retrying.chat.postMessage({ channel: 'U1', text: 'eventually' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.messages('U1')).toHaveLength(1);
  });

  it('surfaces a 429 to a client that rejects rate-limited calls', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const err = await noRetries('xoxb-test', { rejectRateLimitedCalls: true })
      .chat.postMessage({ channel: 'U1', text: 'x' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
  });

  it('recovers from a 500 with retries and fails on a 503 without them', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    expect((await retrying.chat.postMessage({ channel: 'U1', text: 'after 500' })).ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);

    fake.failNext('chat.postMessage', { status: 503 });
    const err = await client.chat.postMessage({ channel: 'U1', text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_http_error', statusCode: 503 });
  });

  it('fails the next calls with a Slack error, adds delays and lets a test override a method', async () => {
    fake.failNext('users.info', { error: 'fatal_error' }, 2);
    expect(await slackError(client.users.info({ user: 'U1' }))).toBe('fatal_error');
    expect(await slackError(client.users.info({ user: 'U1' }))).toBe('fatal_error');
    expect((await client.users.info({ user: 'U1' })).ok).toBe(true);

    fake.failNext('*', { delayMs: 50 });
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);

    fake.on('users.info', (args, ctx) => (args.user === 'U9' ? { user: { id: 'U9', name: 'ghost' } } : ctx.builtin()));
    expect((await client.users.info({ user: 'U9' })).user?.name).toBe('ghost');
    expect((await client.users.info({ user: 'U1' })).user?.name).toBe('alice');
    fake.reset();
    expect(await slackError(client.users.info({ user: 'U9' }))).toBe('user_not_found');
  });

  it('adds latency to every call when asked', async () => {
    const slow = await startFakeSlack({ latencyMs: 20 });
    try {
      const c = new WebClient('xoxb-test', { slackApiUrl: slow.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
      const started = Date.now();
      await c.auth.test();
      expect(Date.now() - started).toBeGreaterThanOrEqual(18);
    } finally {
      await slow.close();
    }
  });
});

describe('fake Slack: files', () => {
  it('completes a filesUploadV2 round trip into a channel', async () => {
    const ch = fake.addChannel({ name: 'exports', members: [BOT_USER_ID] });
    const data = Buffer.from('item,owner\n1,alice\n');
    const res = await client.filesUploadV2({ channel_id: ch.id, file: data, filename: 'export.csv', initial_comment: 'Export' });
    expect(res.ok).toBe(true);
    const [file] = fake.files;
    expect(file).toMatchObject({ filename: 'export.csv', length: data.length, uploaded: true, completed: true, channel_id: ch.id });
    expect(file!.data?.equals(data)).toBe(true);
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(fake.messages(ch.id)).toMatchObject([{ text: 'Export', files: [file!.id] }]);
  });

  it('refuses to share a file into a channel the bot is not in', async () => {
    const err = await client
      .filesUploadV2({ channel_id: GENERAL_CHANNEL_ID, file: Buffer.from('x'), filename: 'x.txt' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { error: 'not_in_channel' } });
  });
});
