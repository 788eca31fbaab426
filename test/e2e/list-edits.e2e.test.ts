import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { JS, JS_NJ, organisation as orgDocument, type ItemFixture } from '../support/fixtures.js';
import { appHomeOpened, blockAction, input, interaction, progressCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');
const milestones = [
  { title: '初稿', due: '2026-12-01', percent: 50 },
  { title: '定稿', due: '2026-12-20', percent: 100 },
];
const organisation = (over: Partial<ItemFixture> = {}) =>
  orgDocument({
    units: [JS, JS_NJ],
    lists: [
      {
        unit: 'JS-NJ',
        year: 2026,
        items: [
          { code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: ['U03OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02', milestones, ...over },
          { code: 'NJ-02', title: '开展专项督查', responsibility: 'supervisory', owners: ['U04OWN'], due: '2026-12-31', cadence: 'monthly', start: '2026-11-02' },
        ],
      },
    ],
  });

type Fields = { code?: string; list?: string; title?: string; target?: string; department?: string; measures?: string; owners?: string[]; due?: string; cadence?: string; milestones?: string };
const nj01: Fields = { title: '细化责任清单', owners: ['U03OWN'], due: '2026-12-31', cadence: 'weekly', milestones: '2026-12-01 初稿 50%\n2026-12-20 定稿 100%' };

describe('editing a list in Slack', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_ADMINS: 'U0ADMIN' },
    now: NOW,
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U05OWN', 'U0ADMIN', { id: 'U0ZH', locale: 'zh-CN' }],
  });
  const db = () => app.db;
  let channel: string;
  const ledgerSize = async () => (await db().selectFrom('ledger').select('id').execute()).length;
  const entries = (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const item = (code: string) => db().selectFrom('items').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const owners = async (code: string) => (await db().selectFrom('item_owners').select('user_id').where('item_code', '=', code).orderBy('position').execute()).map((row) => row.user_id);
  const submit = (actor: string, fields: Fields, meta: { mode: 'add' | 'edit'; code?: string }) =>
    app.send(
      viewSubmission({
        user: actor,
        callbackId: 'item_edit_modal',
        privateMetadata: JSON.stringify(meta),
        values: viewValues({
          ...(meta.mode === 'add' && { code: input.text(fields.code), list: input.select(fields.list) }),
          title: input.text(fields.title),
          target: input.text(fields.target),
          department: input.text(fields.department),
          measures: input.text(fields.measures),
          owners: { type: 'multi_users_select', selected_users: fields.owners ?? [] },
          due: input.date(fields.due),
          cadence: input.select(fields.cadence),
          milestones: input.text(fields.milestones),
        }),
      }),
    );
  const edit = (actor: string, fields: Fields) => submit(actor, { ...nj01, ...fields }, { mode: 'edit', code: 'NJ-01' });
  const requests = () => app.fake.messages(channel).filter((message) => JSON.stringify(message.blocks ?? []).includes('approval_approve'));

  beforeEach(async () => {
    channel = app.fake.addChannel({ name: 'zr-js-nj', members: [BOT_USER_ID, 'U02HEAD', 'U03OWN', 'U04OWN'] }).id;
    await db().insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
    await db().insertInto('units').values({ code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS', channel_id: channel, channel_name: 'zr-js-nj', channel_ready_at: NOW }).execute();
    await app.importDocuments({ name: 'org.yaml', content: organisation() });
    await app.drain(5000);
  });

  it('App Home offers the edit buttons to the unit head and admins only', async () => {
    for (const user of ['U02HEAD', 'U0ADMIN', 'U03OWN']) await app.send(appHomeOpened(user));
    const home = async (user: string) => {
      await expect.poll(() => app.fake.homeView(user)).toBeDefined();
      return JSON.stringify(app.fake.homeView(user)?.view.blocks);
    };
    expect(await home('U02HEAD')).toContain('"action_id":"item_edit"');
    expect(await home('U0ADMIN')).toContain('"action_id":"item_add"');
    expect(await home('U03OWN')).not.toContain('item_edit');
  });

  it('refuses a stranger’s edit, from the modal or the menu on a message, and writes nothing', async () => {
    const reply = await edit('U03OWN', { title: '改掉' });
    expect(reply.json()).toEqual({ response_action: 'errors', errors: { title: 'Only an admin or the head of its unit edits a list. Nothing was changed.' } });
    const added = await submit('U01SUP', { ...nj01, code: 'NJ-09', list: 'JS-NJ/2026' }, { mode: 'add' });
    expect(added.json().response_action).toBe('errors');
    expect(await db().selectFrom('ledger').select('id').where('kind', 'in', ['edited', 'change_requested']).execute()).toEqual([]);

    // The overflow menu on an item's message (here a report's notice): an ephemeral answer in the channel, nothing else.
    await app.send(progressCommand('U03OWN', 'NJ-01 30% on_track 初稿在写', { channel_id: channel }));
    await app.drain(5000);
    const notice = app.fake.messages(channel).find((message) => JSON.stringify(message.blocks ?? []).includes('"action_id":"item_menu"'));
    expect(JSON.stringify(notice?.blocks)).toContain('"value":"close:NJ-01"');
    const before = { ledger: await ledgerSize(), item: await item('NJ-01') };
    await app.send(
      interaction({
        type: 'block_actions',
        user: { id: 'U03OWN' },
        trigger_id: 'trigger-menu',
        channel: { id: channel },
        container: { type: 'message', channel_id: channel, message_ts: notice!.ts },
        message: { ts: notice!.ts, text: '' },
        actions: [{ type: 'overflow', action_id: 'item_menu', block_id: 'b', selected_option: { value: 'close:NJ-01' }, action_ts: '1' }],
      }),
    );
    await expect.poll(() => app.fake.messages(channel).filter((message) => message.ephemeral && message.user === 'U03OWN').map((message) => message.text)).toEqual([
      '⚠️ Only an admin or the head of its unit edits a list. Nothing was changed.',
    ]);
    expect(await ledgerSize()).toBe(before.ledger);
    expect(await item('NJ-01')).toEqual(before.item);
    expect(await db().selectFrom('items').select('code').where('code', '=', 'NJ-09').execute()).toEqual([]);
  });

  it('refuses a form or a menu choice it cannot read (an altered or outdated payload), writing nothing', async () => {
    const before = { ledger: await ledgerSize(), item: await item('NJ-01') };
    const unreadable = 'This value could not be read; choose or type it again.';
    const pick = await app.send(viewSubmission({ user: 'U02HEAD', callbackId: 'item_pick', privateMetadata: 'delete', values: viewValues({ code: input.text('NJ-01') }) }));
    expect(pick.json()).toEqual({ response_action: 'errors', errors: { code: unreadable } });
    const badMeta = await app.send(viewSubmission({ user: 'U02HEAD', callbackId: 'item_edit_modal', privateMetadata: '{not json', values: viewValues({ title: input.text('新标题') }) }));
    expect(badMeta.json()).toEqual({ response_action: 'errors', errors: { title: unreadable } });
    const badOwners = await submit('U02HEAD', { ...nj01, owners: ['not-a-user'] }, { mode: 'edit', code: 'NJ-01' });
    expect(badOwners.json()).toEqual({ response_action: 'errors', errors: { owners: unreadable } });
    await app.send(
      interaction({
        type: 'block_actions',
        user: { id: 'U02HEAD' },
        trigger_id: 'trigger-menu',
        channel: { id: channel },
        container: { type: 'message', channel_id: channel, message_ts: '1.1' },
        message: { ts: '1.1', text: '' },
        actions: [{ type: 'overflow', action_id: 'item_menu', block_id: 'b', selected_option: { value: 'delete:NJ-01' }, action_ts: '1' }],
      }),
    );
    await expect.poll(() => app.fake.messages(channel).filter((message) => message.ephemeral && message.user === 'U02HEAD').map((message) => message.text)).toEqual([`⚠️ ${unreadable}`]);
    expect(app.fake.views.filter((view) => view.type === 'modal')).toEqual([]);
    expect(await ledgerSize()).toBe(before.ledger);
    expect(await item('NJ-01')).toEqual(before.item);
  });

  it('validates like an import, in the user’s language, and writes nothing', async () => {
    const before = await ledgerSize();
    expect((await edit('U02HEAD', { milestones: 'tomorrow' })).json().errors).toEqual({ milestones: 'line 1 ("tomorrow") needs a date and a title, e.g. 2026-06-30 完成第一轮检查 50%' });
    expect((await edit('U02HEAD', { milestones: '2026-02-30 初稿' })).json().errors).toEqual({ milestones: 'line 1: 2026-02-30 is not a day of the calendar (no such day in that month)' });
    expect((await edit('U02HEAD', { title: 'a\u0007b' })).json().errors.title).toContain('control character');
    expect((await edit('U02HEAD', { owners: [] })).json().errors).toEqual({ owners: 'needs at least 1' });
    expect(await ledgerSize()).toBe(before);
    await db().updateTable('units').set({ head_user: 'U0ZH' }).where('code', '=', 'JS-NJ').execute();
    expect((await edit('U0ZH', { milestones: 'tomorrow' })).json().errors.milestones).toBe('第 1 行（“tomorrow”）需要日期和标题，例如 2026-06-30 完成第一轮检查 50%');
  });

  it('applies the head’s edit of an unsigned list at once: a ledger entry from the modal, the owner handed over and invited, the former owner no longer reminded', async () => {
    // A reminder to the current owner, still queued.
    await db()
      .insertInto('outbox')
      .values({ idempotency_key: 'reminder:test>U03OWN', kind: 'reminder', lane: 'U03OWN', payload: JSON.stringify({ unit: 'JS-NJ', item: 'NJ-01' }), not_before: new Date('2026-11-26T02:00:00Z') })
      .execute();
    const reply = await edit('U02HEAD', { title: '细化并公开责任清单', owners: ['U05OWN'], due: '2027-01-15' });
    expect(reply.json()).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(reply.json().view.blocks)).toContain('Item NJ-01 saved.');
    expect(await item('NJ-01')).toMatchObject({ title: '细化并公开责任清单', due: '2027-01-15' });
    expect(await owners('NJ-01')).toEqual(['U05OWN']);

    const [edited] = await entries('edited');
    expect(edited).toMatchObject({ actor: 'U02HEAD', source: 'modal', item_code: 'NJ-01', unit_code: 'JS-NJ' });
    expect(edited?.details).toMatchObject({ changes: { title: { from: '细化责任清单', to: '细化并公开责任清单' }, due: { from: '2026-12-31', to: '2027-01-15' } } });
    const [handover] = await entries('owner_changed');
    expect(handover).toMatchObject({ actor: 'U02HEAD', source: 'modal', item_code: 'NJ-01', details: { from: ['U03OWN'], to: ['U05OWN'] } });
    // The item keeps its history: earlier entries stay on the same item.
    expect((await db().selectFrom('ledger').select('kind').where('item_code', '=', 'NJ-01').orderBy('id').execute()).map((row) => row.kind)).toEqual(['imported', 'owner_changed', 'edited']);

    const reminder = await db().selectFrom('outbox').selectAll().where('idempotency_key', '=', 'reminder:test>U03OWN').executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({ state: 'failed', last_error: 'withdrawn: owner_changed' });

    // The next set-up run invites the new owner into the unit's channel.
    const client = new WebClient('xoxb-test', { slackApiUrl: app.fake.url, retryConfig: { retries: 0 } });
    await setUpChannels({ client, db: db(), logger: pino({ level: 'silent' }), botUserId: BOT_USER_ID, clock: () => NOW });
    expect(app.fake.channel('zr-js-nj')?.members).toContain('U05OWN');
  });

  it('adds an item and closes and reopens it, each on the ledger', async () => {
    const reply = await submit('U0ADMIN', { ...nj01, code: 'NJ-03', list: 'JS-NJ/2026', title: '新增事项', milestones: '' }, { mode: 'add' });
    expect(reply.json()).toMatchObject({ response_action: 'update' });
    expect(await item('NJ-03')).toMatchObject({ title: '新增事项', start: '2026-11-25', list_id: (await item('NJ-01')).list_id });
    expect((await submit('U0ADMIN', { ...nj01, code: 'NJ-03', list: 'JS-NJ/2026' }, { mode: 'add' })).json().errors).toEqual({ code: 'Item NJ-03 already exists: use Edit item.' });

    const pick = (user: string, mode: string, code: string) => app.send(viewSubmission({ user, callbackId: 'item_pick', privateMetadata: mode, values: viewValues({ code: input.text(code) }) }));
    expect(JSON.stringify((await pick('U02HEAD', 'close', 'NJ-03')).json().view.blocks)).toContain('Item NJ-03 closed.');
    expect((await item('NJ-03')).closed_at).not.toBeNull();
    await pick('U02HEAD', 'reopen', 'NJ-03');
    expect((await item('NJ-03')).closed_at).toBeNull();
    expect((await db().selectFrom('ledger').select(['kind', 'actor', 'source']).where('item_code', '=', 'NJ-03').orderBy('id').execute()).map((row) => `${row.kind} ${row.actor} ${row.source}`)).toEqual([
      'edited U0ADMIN modal',
      'closed U02HEAD modal',
      'reopened U02HEAD modal',
    ]);
    // Edit from the pick modal opens the form filled in.
    expect(JSON.stringify((await pick('U02HEAD', 'edit', 'NJ-01')).json().view.blocks)).toContain('"initial_value":"细化责任清单"');
  });

  it('holds an edit of a signed list for approval, then applies it as a new version with the old and new values', async () => {
    await db().updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEAD', version: 1 }).where('unit_code', '=', 'JS-NJ').execute();
    const reply = await edit('U0ADMIN', { due: '2027-01-31' });
    expect(JSON.stringify(reply.json().view.blocks)).toContain('The list is signed: your change to NJ-01 was sent for approval.');
    expect((await item('NJ-01')).due).toBe('2026-12-31');
    expect(await entries('change_requested')).toHaveLength(1);
    expect((await entries('change_requested'))[0]).toMatchObject({ actor: 'U0ADMIN', source: 'modal' });

    await app.drain(5000);
    const request = requests().find((message) => message.text?.includes('*NJ-01* (changed)'));
    expect(JSON.stringify(request?.blocks)).toContain('due: ~2026-12-31~ → 2027-01-31');
    const value = (JSON.stringify(request?.blocks).match(/"action_id":"approval_approve","value":"(\d+)"/) ?? [])[1] as string;
    await app.send(blockAction({ user: 'U02HEAD', actionId: 'approval_approve', blockId: `approval_${value}`, value, channel, messageTs: request!.ts }));
    expect((await item('NJ-01')).due).toBe('2027-01-31');
    expect((await db().selectFrom('lists').select('version').where('unit_code', '=', 'JS-NJ').executeTakeFirstOrThrow()).version).toBe(2);
    expect((await entries('change_approved'))[0]?.details).toMatchObject({ version: 2, changes: { due: { from: '2026-12-31', to: '2027-01-31' } } });
  });

  it('keeps a milestone’s completion across a re-import and an edit that change the milestones', async () => {
    const done = new Date('2026-11-20T02:00:00Z');
    await db().updateTable('milestones').set({ completed_at: done }).where('item_code', '=', 'NJ-01').where('title', '=', '初稿').execute();
    // A new milestone first: 初稿 moves to position 1 and keeps its completion (matched by title).
    await app.importDocuments({ name: 'org.yaml', content: organisation({ milestones: [{ title: '调研', due: '2026-11-28' }, ...milestones] }) });
    const stored = async () => (await db().selectFrom('milestones').select(['title', 'completed_at']).where('item_code', '=', 'NJ-01').orderBy('position').execute()).map((m) => `${m.title} ${m.completed_at?.toISOString() ?? '-'}`);
    expect(await stored()).toEqual(['调研 -', `初稿 ${done.toISOString()}`, '定稿 -']);
    const [change] = await entries('milestones_changed');
    expect(change).toMatchObject({ source: 'import', details: { kept: [{ title: '初稿', completed_at: done.toISOString() }] } });

    // Renamed in Slack: matched by position.
    await edit('U02HEAD', { milestones: '2026-11-28 调研\n2026-12-01 初稿（修订） 50%\n2026-12-20 定稿 100%' });
    expect(await stored()).toEqual(['调研 -', `初稿（修订） ${done.toISOString()}`, '定稿 -']);
    expect(await entries('milestones_changed')).toHaveLength(2);
  });
});
