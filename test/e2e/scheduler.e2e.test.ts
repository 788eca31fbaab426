import { describe, expect, it } from 'vitest';
import { exportItems } from '../../src/services/exports.js';
import { importFiles } from '../../src/services/importer.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { JS, JS_NJ, organisation as orgDocument, weeklyItem, itemLine } from '../support/fixtures.js';
import { blockAction, slashCommand } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';
import { pino } from 'pino';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

const organisation = (items: string) => orgDocument({ units: [JS, JS_NJ], lists: [{ unit: 'JS-NJ', year: 2026, items: [] }] }) + `${items}\n`;
const weekly = (code: string, start: string, extra = '') => itemLine(weeklyItem(code, start)).replace(/ }$/, `${extra} }`);

describe('the scheduler', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off' }, now: at('2026-11-02T08:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN'] });
  const db = () => app.db;
  const tick = async (local: string) => {
    app.clock.set(at(local));
    const result = await app.bot.services.tick();
    await app.drain(10_000);
    return result;
  };
  const ledger = async (kind?: string) =>
    (await db().selectFrom('ledger').selectAll().where('kind', 'in', kind ? [kind] : ['prompted', 'reminded', 'escalated']).orderBy('id').execute()).map(
      (entry) => `${entry.kind}:${(entry.details as { key: string }).key}`,
    );
  const channelOf = async (unit: string) => (await db().selectFrom('units').select('channel_id').where('code', '=', unit).executeTakeFirstOrThrow()).channel_id as string;
  // The schedule's messages (neither the import's sign-off request to the head nor a channel's welcome is one of them).
  const posted = (lane: string) =>
    app.fake.messages(lane).filter((message) => !message.ephemeral && !/^(approval_request|channel_welcome)/.test(String((message.metadata as { event_payload?: { key?: string } })?.event_payload?.key)));

  const load = async (items: string) => {
    const outcome = await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation(items) }]);
    expect(outcome.ok).toBe(true);
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
  };


  it('prompts on the cycle’s first working day at the prompt time, and a report answers the cycle', async () => {
    await load(weekly('NJ-01', '2026-11-09'));
    expect((await tick('2026-11-09T09:29:00')).decided).toEqual({});
    const monday = await tick('2026-11-09T09:31:00');
    expect(monday.decided).toEqual({ prompted: 1 });
    const channel = await channelOf('JS-NJ');
    const [prompt] = posted(channel);
    expect(prompt?.text).toBe('🔔 Progress check: *NJ-01* 细化责任清单 (due 2026-12-31). <@U03OWN> <@U04OWN> please report with the button or `/progress NJ-01 N% status note`.');
    expect(JSON.stringify(prompt?.blocks)).toContain('"action_id":"report_progress"');

    app.clock.set(at('2026-11-10T15:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 30% on-track' }));
    expect((await tick('2026-11-11T09:31:00')).decided).toEqual({});
    // Friday after 16:00: each unit's weekly digest, and nothing else.
    expect((await tick('2026-11-13T17:00:00')).decided).toEqual({ digests: 2 });
    expect(await ledger()).toEqual(['prompted:prompt:NJ-01:2026-W46']);
  });

  it('climbs the ladder through silence: reminder, unit head, parent’s supervisor — at the right working days, across cycles', async () => {
    await load(weekly('NJ-02', '2026-11-09'));
    const channel = await channelOf('JS-NJ');
    const parentChannel = await channelOf('JS');
    await tick('2026-11-09T09:31:00');
    expect((await tick('2026-11-10T09:31:00')).decided).toEqual({});
    expect((await tick('2026-11-11T09:31:00')).decided).toEqual({ reminded: 1 });
    // The reminder goes to each owner by DM and as a reply in the prompt's thread.
    expect(posted('U03OWN')[0]?.text).toBe('⏰ Reminder: *NJ-02* 细化责任清单 has had no progress report for 2 working day(s). Please report now with the button or `/progress NJ-02 N% status note`.');
    expect(posted('U04OWN')).toHaveLength(1);
    const [prompt, reply] = posted(channel);
    expect(reply).toMatchObject({ thread_ts: prompt?.ts, text: '<@U03OWN> <@U04OWN>: still no report on *NJ-02* 细化责任清单 after 2 working day(s). Please report with the button above.' });

    // Monday: the next week's prompt, and 5 working days of silence reach the unit head.
    expect((await tick('2026-11-16T09:31:00')).decided).toEqual({ prompted: 1, escalated: 1 });
    expect(posted('U02HEAD')[0]?.text).toContain('📣 For your attention (提醒): *NJ-02* 细化责任清单 of unit JS-NJ has had no progress report for 5 working day(s)');
    // The second week's reminder, once per cycle.
    expect((await tick('2026-11-18T09:31:00')).decided).toEqual({ reminded: 1 });
    // Ten working days: the parent unit's supervisor, in the parent's channel.
    expect((await tick('2026-11-23T09:31:00')).decided).toEqual({ prompted: 1, escalated: 1 });
    expect(posted(parentChannel)[0]?.text).toContain('🚩 <@U01SUP>: *NJ-02* 细化责任清单 of unit JS-NJ has had no progress report for 10 working day(s)');
    expect(await ledger()).toEqual([
      'prompted:prompt:NJ-02:2026-W46',
      'reminded:silence0:NJ-02:2026-W46',
      'prompted:prompt:NJ-02:2026-W47',
      'escalated:silence1:NJ-02:2026-W46',
      'reminded:silence0:NJ-02:2026-W47',
      'prompted:prompt:NJ-02:2026-W48',
      'escalated:silence2:NJ-02:2026-W46',
    ]);
    // The same instant again decides and sends nothing.
    const messages = app.fake.calls.filter((call) => call.method === 'chat.postMessage').length;
    expect(await tick('2026-11-23T09:31:00')).toMatchObject({ decided: {}, enqueued: 0 });
    expect(app.fake.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(messages);
    expect(app.fake.violations).toEqual([]);
  });

  it('catches up after downtime, and holds messages outside working hours until the next working morning', async () => {
    await load(weekly('NJ-03', '2026-11-09'));
    const channel = await channelOf('JS-NJ');
    // Down all Monday and Tuesday; Wednesday evening it runs again: the late prompt — and no
    // reminder yet, as nobody saw a prompt: silence counts from the one that reaches them.
    expect((await tick('2026-11-11T20:00:00')).decided).toEqual({ prompted: 1 });
    expect(posted(channel)).toEqual([]);
    const pending = await db().selectFrom('outbox').select(['not_before']).where('state', '=', 'pending').execute();
    expect(pending.map((row) => row.not_before.toISOString())).toEqual(Array(pending.length).fill(at('2026-11-12T09:00:00').toISOString()));
    expect((await tick('2026-11-12T09:00:00')).decided).toEqual({});
    expect(posted(channel)).toHaveLength(1);
    // Held until Thursday morning, the prompt counts from then: next week's reminder on Wednesday.
    expect((await tick('2026-11-16T09:31:00')).decided).toEqual({ prompted: 1 });
    expect((await tick('2026-11-18T09:31:00')).decided).toEqual({ reminded: 1 });
    expect(posted('U03OWN')).toHaveLength(1);
  });

  it('prompts nothing on a day off: a week that starts with the National Day holiday is prompted on its first working day', async () => {
    await load(weekly('NJ-04', '2026-09-28'));
    expect((await tick('2026-10-05T09:31:00')).decided).toEqual({});
    expect((await tick('2026-10-07T12:00:00')).decided).toEqual({});
    const thursday = await tick('2026-10-08T09:31:00');
    expect(thursday.decided.prompted).toBe(1);
    expect(await ledger('prompted')).toContain('prompted:prompt:NJ-04:2026-W41');
  });

  it('escalates an overdue item the same way', async () => {
    await load(weekly('NJ-05', '2026-11-02').replace('due: 2026-12-31', 'due: 2026-11-06'));
    app.clock.set(at('2026-11-04T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-05 60%' }));
    // Due Friday the 6th; two working days later (Tuesday) the owners are reminded.
    expect((await tick('2026-11-10T09:31:00')).decided).toEqual({ reminded: 1 });
    expect(posted('U03OWN')[0]?.text).toBe('⏰ Reminder: *NJ-05* 细化责任清单 was due on 2026-11-06 and is 2 working day(s) overdue. Please report where it stands, or mark it done for approval.');
    expect((await tick('2026-11-13T09:31:00')).decided).toEqual({ escalated: 1 });
    expect(posted('U02HEAD')[0]?.text).toContain('was due on 2026-11-06 and is 5 working day(s) overdue');
  });

  it('sends each unit its weekly digest once at Friday 16:00; the parent’s rolls up its children, worst first', async () => {
    const many = Array.from({ length: 300 }, (_, i) => weekly(`BIG-${String(i).padStart(3, '0')}`, '2026-11-02').replace('细化责任清单', `专项任务第${i}项：落实责任清单中的督查要求`)).join('\n');
    await load(many);
    app.clock.set(at('2026-11-09T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'BIG-000 20% on-track' }));
    // Only the digests are delivered here: 300 prompts at one per second would take five minutes.
    const decide = async (local: string) => {
      app.clock.set(at(local));
      const result = await app.bot.services.tick();
      await db().updateTable('outbox').set({ state: 'sent' }).where('kind', 'not in', ['digest', 'digest_chart']).where('state', '=', 'pending').execute();
      await app.drain(10_000);
      return result;
    };
    expect((await decide('2026-11-13T15:59:00')).decided.digests).toBeUndefined();
    const friday = await decide('2026-11-13T16:00:00');
    expect(friday.decided.digests).toBe(2);
    expect((await decide('2026-11-13T16:01:00')).decided.digests).toBeUndefined();
    const digestOf = async (unit: string) =>
      app.fake.messages(await channelOf(unit)).find((message) => message.text?.startsWith('Weekly digest'));
    const child = await digestOf('JS-NJ');
    expect(child?.text).toBe('Weekly digest · JS-NJ 南京市纪委 · 2026-W46 — 300 item(s): 🔴 299  🟢 1');
    const childBlocks = JSON.stringify(child?.blocks);
    expect(childBlocks).toContain('*Owners who did not report* (2)');
    expect(childBlocks).toContain('• <@U03OWN> (299): BIG-001, BIG-002');
    expect(childBlocks).toContain('*Reported this week* (1)');
    // The chart: a PNG rendered on the server, uploaded into the digest's thread.
    const njChannel = await channelOf('JS-NJ');
    const chart = app.fake.files.find((file) => file.filename === 'zeren-JS-NJ-2026-W46.png');
    expect(chart).toBeDefined();
    expect(chart).toMatchObject({ completed: true, channel_id: njChannel, thread_ts: child?.ts });
    expect(chart?.data?.subarray(1, 4).toString()).toBe('PNG');
    const parent = await digestOf('JS');
    expect(JSON.stringify(parent?.blocks)).toContain('🔴 299  🟢 1 · on time 0% · list not signed — JS-NJ 南京市纪委');
    expect(app.fake.violations).toEqual([]);
    // The digest's numbers are the export's.
    const exported = await exportItems({ db: db(), now: at('2026-11-13T16:00:00'), timeZone: 'Asia/Shanghai' });
    expect(exported.filter((item) => item.light === 'red')).toHaveLength(299);
  });

  it('lights an item by its silence, as the scheduler counts it', async () => {
    await load(weekly('NJ-11', '2026-11-09').replace('due: 2026-12-31', 'due: 2027-06-30'));
    const light = async (local: string) => (await exportItems({ db: db(), now: at(local), timeZone: 'Asia/Shanghai' }))[0]?.light;
    expect(await light('2026-11-10T10:00:00')).toBe('green');
    expect(await light('2026-11-11T10:00:00')).toBe('yellow');
    expect(await light('2026-11-16T10:00:00')).toBe('red');
    // The unit head was told (red, on record) of the silence since Monday's prompt; a report
    // catches up, but the lag stays this cycle.
    await tick('2026-11-09T09:31:00');
    await tick('2026-11-16T10:00:00');
    app.clock.set(at('2026-11-16T11:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-11 5% on-track' }));
    expect(await light('2026-11-17T10:00:00')).toBe('yellow');
    expect(await light('2026-11-23T10:00:00')).toBe('green');
  });

  it('sends to a deputy instead, during the deputy period', async () => {
    app.fake.addUser({ id: 'U09DEP', locale: 'en-US' });
    await load(weekly('NJ-06', '2026-11-09'));
    await db().insertInto('people').values({ user_id: 'U09DEP' }).execute();
    await db().insertInto('deputies').values({ user_id: 'U03OWN', deputy_user: 'U09DEP', starts_on: '2026-11-01', ends_on: '2026-11-30', created_by: 'U03OWN' }).execute();
    await tick('2026-11-09T09:31:00');
    await tick('2026-11-11T09:31:00');
    expect(posted('U09DEP')).toHaveLength(1);
    expect(posted('U03OWN')).toHaveLength(0);
    expect(posted('U04OWN')).toHaveLength(1);
  });

  it('decides each thing once when two ticks run at the same instant (two replicas)', async () => {
    await load([weekly('NJ-09', '2026-11-09'), weekly('NJ-10', '2026-11-09')].join('\n'));
    // Monday's one prompt (both items) reaches the owners; on Wednesday each owner gets one DM
    // listing both items, and the prompt's thread one reply.
    await tick('2026-11-09T09:31:00');
    app.clock.set(at('2026-11-11T09:31:00'));
    const results = await Promise.all([app.bot.services.tick(), app.bot.services.tick(), app.bot.services.tick()]);
    expect(results.reduce((sum, result) => sum + result.enqueued, 0)).toBe(3);
    await app.drain(10_000);
    expect(await ledger()).toHaveLength(4);
    const keys = app.fake.messages().filter((message) => !message.ephemeral).map((message) => (message.metadata as { event_payload?: { key?: string } })?.event_payload?.key).filter((key) => !/^(approval_request|channel_welcome)/.test(String(key)));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
  });

  it('delivers every message once while Slack answers 429 (with Retry-After) and 500 for a while', async () => {
    await load([weekly('NJ-07', '2026-11-09'), weekly('NJ-08', '2026-11-09')].join('\n'));
    await tick('2026-11-09T09:31:00');
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    app.fake.failNext('chat.postMessage', { status: 500 }, 2);
    app.clock.set(at('2026-11-11T09:31:00'));
    const result = await app.bot.services.tick();
    expect(result.enqueued).toBe(3);
    await app.drain(1000);
    for (let i = 0; i < 20 && (await db().selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length; i++) {
      app.clock.advance(60_000);
      await app.drain(5000);
    }
    const rows = await db().selectFrom('outbox').select(['idempotency_key', 'state']).execute();
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
    const keys = app.fake.calls
      .filter((call) => call.method === 'chat.postMessage')
      .map((call) => (typeof call.args.metadata === 'string' ? JSON.parse(call.args.metadata) : call.args.metadata)?.event_payload?.key);
    const delivered = app.fake.messages().filter((message) => !message.ephemeral).map((message) => (message.metadata as { event_payload?: { key?: string } })?.event_payload?.key).filter((key) => !/^(approval_request|channel_welcome)/.test(String(key)));
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toHaveLength(4);
    expect(keys.length).toBeGreaterThan(4);
  });

  it('an item imported mid-week with a past start: the first tick prompts and tells nobody else; the escalations say what happened', async () => {
    await load(weekly('NJ-12', '2026-11-02'));
    // Before: prompted, and in the same tick the head was told of "5 working days, despite a reminder".
    expect((await tick('2026-11-11T10:00:00')).decided).toEqual({ prompted: 1 });
    expect((await tick('2026-11-13T09:31:00')).decided).toEqual({ reminded: 1 });
    // A week after the prompt: the unit head, told when it was prompted and that the owners were reminded.
    expect((await tick('2026-11-18T09:31:00')).decided).toEqual({ prompted: 1, reminded: 1, escalated: 1 });
    expect(posted('U02HEAD').map((message) => message.text)).toEqual([
      '📣 For your attention (提醒): *NJ-12* 细化责任清单 of unit JS-NJ has had no progress report for 5 working day(s) since it was prompted on 2026-11-11. Its owners were reminded. Owners: <@U03OWN> <@U04OWN>. Please follow up with them.',
    ]);
    const [entry] = await db().selectFrom('ledger').select('details').where('kind', '=', 'escalated').execute();
    expect(entry?.details).toMatchObject({ prompted_on: '2026-11-11', reminded: true });
    // Ten working days: the parent's supervisor hears which steps reached someone.
    await tick('2026-11-25T09:31:00');
    expect(posted(await channelOf('JS'))[0]?.text).toBe(
      '🚩 <@U01SUP>: *NJ-12* 细化责任清单 of unit JS-NJ has had no progress report for 10 working day(s) since it was prompted on 2026-11-11. Owners: <@U03OWN> <@U04OWN>. Its owners were reminded and its unit head was told. A talk with the unit (约谈) is suggested.',
    );
  });

  it('prompts a unit’s items due at the same instant in one message, each owner named once; reminds each owner in one DM', async () => {
    // 52 weekly items of one unit (owners alternating), and one monthly item prompted the same Monday.
    const codes = [...Array.from({ length: 52 }, (_, i) => `NJ-G${String(i + 1).padStart(2, '0')}`), 'NJ-GM'];
    const items = codes.map((code, i) => itemLine(weeklyItem(code, '2026-11-02', code === 'NJ-GM' ? { cadence: 'monthly', owners: ['U03OWN'] } : { owners: [i % 2 ? 'U04OWN' : 'U03OWN'] })));
    await load(items.join('\n'));
    const channel = await channelOf('JS-NJ');
    expect((await tick('2026-11-02T09:31:00')).decided).toEqual({ prompted: 53 });
    // 53 lines: two messages (49 lines fill one: Block Kit's 50 blocks with the heading); every item on exactly one line, with its button.
    const prompts = posted(channel);
    expect(prompts).toHaveLength(2);
    type Section = { text?: { text: string }; accessory?: { action_id: string; value: string } };
    const sections = (message: { blocks?: unknown[] }) => (message.blocks as Section[]).slice(1).map((block) => block.text?.text ?? '');
    const lines = prompts.flatMap((message) => (message.blocks as Section[]).flatMap((block) => (block.accessory ? [block.accessory] : [])));
    expect(lines.every((button) => button.action_id === 'report_progress')).toBe(true);
    expect(lines.map((button) => button.value).sort()).toEqual([...codes].sort());
    expect(prompts.map((message) => sections(message).length)).toEqual([49, 4]);
    for (const message of prompts) {
      expect(message.text?.split('\n')[0]).toMatch(/^🔔 Progress check for JS-NJ: (49|4) items are due for a report\. (<@U0[34]OWN> ){2}please report/);
      expect(message.text?.match(/<@U03OWN>/g)).toHaveLength(1);
      expect(message.text?.match(/<@U04OWN>/g)).toHaveLength(1);
    }
    expect(prompts[0]?.text).toContain('\n*NJ-G01* 细化责任清单 (due 2026-12-31)');
    // The ledger keeps one entry per item, saying which message carried it.
    const entries = await db().selectFrom('ledger').select(['item_code', 'details']).where('kind', '=', 'prompted').execute();
    expect(entries).toHaveLength(53);
    const carriers = new Set(entries.map((entry) => (entry.details as { message?: string }).message));
    expect(carriers.size).toBe(2);
    expect([...carriers].every((key) => key?.startsWith('prompts:JS-NJ:'))).toBe(true);

    // A line's button reports on that item.
    const button = lines.find((line) => line.value === 'NJ-G07')!;
    await app.send(blockAction({ user: 'U03OWN', actionId: button.action_id, value: button.value, channel, messageTs: prompts[0]!.ts, triggerId: 'trigger-g07' }));
    expect(JSON.stringify(app.fake.views.at(-1))).toContain('NJ-G07');

    // Wednesday: each owner gets one DM listing their silent items; the thread of each prompt one reply.
    app.clock.set(at('2026-11-03T10:00:00'));
    await app.send(slashCommand({ user_id: 'U04OWN', text: 'NJ-G02 10% on-track' }));
    expect((await tick('2026-11-04T09:31:00')).decided).toEqual({ reminded: 52 });
    const dm = posted('U03OWN');
    expect(dm).toHaveLength(1);
    expect(dm[0]?.text?.split('\n')[0]).toBe('⏰ Reminder: 27 of your items in JS-NJ need a progress report. Please report on each with its button or `/progress CODE N% status note`.');
    expect(sections(dm[0]!)).toHaveLength(27);
    expect(sections(dm[0]!)).toContain('*NJ-GM* 细化责任清单: no progress report for 2 working day(s)');
    expect(posted('U04OWN').flatMap((message) => sections(message))).toHaveLength(25);
    expect(posted('U04OWN').flatMap((message) => sections(message)).join('\n')).not.toContain('NJ-G02');
    const replies = app.fake.messages(channel).filter((message) => !message.ephemeral && message.thread_ts);
    expect(replies.map((reply) => reply.thread_ts).sort()).toEqual(prompts.map((prompt) => prompt.ts).sort());
    expect(replies.map((reply) => sections(reply).length).sort()).toEqual([4, 48]);
    expect(replies[0]?.text).toMatch(/^Still no report on (48|4) of the items above\./);
    // Silence counted from the grouped prompt: a week on, the head hears when it was prompted and that the owners were reminded…
    await tick('2026-11-09T09:31:00');
    // …in messages of their own: 52 silent items (all but NJ-G02, which was reported).
    const head = posted('U02HEAD');
    expect(head.map((message) => sections(message).length)).toEqual([49, 3]);
    expect(head[0]?.text?.split('\n')[0]).toBe('📣 For your attention (提醒): 49 items of unit JS-NJ are silent or overdue. Please follow up with their owners.');
    expect(sections(head[0]!)[0]).toBe('• *NJ-G01* 细化责任清单: no progress report for 5 working day(s) since it was prompted on 2026-11-02. Its owners were reminded. Owners: <@U03OWN>.');
    const escalated = await db().selectFrom('ledger').select('details').where('kind', '=', 'escalated').execute();
    expect(escalated).toHaveLength(52);
    expect(escalated.every((entry) => (entry.details as { reminded?: boolean }).reminded === true)).toBe(true);
    expect(app.fake.violations).toEqual([]);
  });

  it('reminds nobody about a prompt nobody saw: a unit without its channel yet', async () => {
    const outcome = await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation(weekly('NJ-13', '2026-11-02')) }]);
    expect(outcome.ok).toBe(true);
    // No channel set-up: the prompt waits for the channel, and nothing climbs the ladder meanwhile.
    for (const local of ['2026-11-09T09:31:00', '2026-11-11T09:31:00', '2026-11-16T09:31:00', '2026-11-23T09:31:00']) expect((await tick(local)).decided).toEqual({});
    expect(await ledger()).toEqual([]);
  });

  it('an overdue escalation says whether the owners were reminded', async () => {
    // Remind and escalate on the same day (a policy of 2 / 2 / 10): the reminder has not reached anyone yet.
    await load(`${weekly('NJ-14', '2026-11-02').replace('due: 2026-12-31', 'due: 2026-11-06')}\npolicy: { remind_after: 2, escalate_after: 2 }`);
    app.clock.set(at('2026-11-04T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-14 60%' }));
    const tuesday = await tick('2026-11-10T09:31:00');
    expect(tuesday.decided).toMatchObject({ reminded: 1, escalated: 1 });
    expect(posted('U02HEAD').map((message) => message.text)).toEqual([
      expect.stringContaining('was due on 2026-11-06 and is 2 working day(s) overdue. Its owners have not been reminded (no reminder reached them). Owners:'),
    ]);
  });
});
