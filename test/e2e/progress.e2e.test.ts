import { beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/services/importer.js';
import { exportLedger } from '../../src/services/exports.js';
import { verifyLedger } from '../../src/services/ledger-verify.js';
import { EXAMPLE_NOW as NOW, exampleYaml } from '../support/fixtures.js';
import { appHomeOpened, blockAction, input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

describe('reporting progress', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'zh-CN' },
    now: NOW,
    users: [
      { id: 'U03OWN', locale: 'en-US' },
      { id: 'U04OWN', locale: 'zh-CN' },
      { id: 'U05OWN', locale: 'en-US' },
      { id: 'U02HEAD', locale: 'en-US' },
      { id: 'U0OUTSIDER', locale: 'en-US' },
    ],
  });
  const db = () => app.db;
  const reports = () => db().selectFrom('ledger').selectAll().where('kind', '=', 'report').orderBy('id').execute();
  const command = async (user: string, text: string, extra: { trigger_id?: string; channel_id?: string } = {}) => {
    const response = await app.send(slashCommand({ user_id: user, text, ...extra }));
    expect(response.statusCode).toBe(200);
    return response.body ? (response.json() as { response_type?: string; text?: string; blocks?: unknown[] }) : {};
  };
  const submit = (user: string, view: { id: string; values: Record<string, Record<string, unknown>>; private_metadata?: string }) =>
    app.send(
      viewSubmission({
        user,
        viewId: view.id,
        callbackId: 'progress_modal',
        privateMetadata: view.private_metadata ?? JSON.stringify({ origin: 'modal' }),
        values: view.values,
      }),
    );
  const values = (fields: { item?: string; percent?: string; status?: string; note?: string; evidence?: string }) =>
    viewValues({ item: input.select(fields.item), percent: input.number(fields.percent), status: input.select(fields.status), note: input.text(fields.note), evidence: input.url(fields.evidence) });

  beforeEach(async () => {
    await app.importDocuments({ name: 'example.yaml', content: exampleYaml });
  });

  describe('/progress', () => {
    it('records a report at once and confirms it, in English for an English Slack user', async () => {
      const reply = await command('U03OWN', 'NJ-2016-01 40% on-track first draft circulated');
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toBe('Recorded for NJ-2016-01 细化责任清单: 40% · On track · first draft circulated');
      const [entry] = await reports();
      expect(entry).toMatchObject({ unit_code: 'JS-NJ', item_code: 'NJ-2016-01', actor: 'U03OWN', source: 'slash_command', details: { percent: 40, status: 'on_track', note: 'first draft circulated' } });
      expect(entry?.at.toISOString()).toBe(NOW.toISOString());
      const state = await db().selectFrom('item_state').selectAll().where('item_code', '=', 'NJ-2016-01').executeTakeFirstOrThrow();
      expect(state).toMatchObject({ percent: 40, status: 'on_track', note: 'first draft circulated', last_report_by: 'U03OWN' });
    });

    it('understands what a Chinese input method types, and answers in Chinese', async () => {
      const reply = await command('U04OWN', 'nj-2016-01，６０％，滞后：资料未到，需协调');
      expect(reply.text).toBe('已记录 NJ-2016-01 细化责任清单 的进展：60% · 滞后 · 资料未到，需协调');
      expect((await reports())[0]?.details).toEqual({ percent: 60, status: 'at_risk', note: '资料未到，需协调' });
    });

    it.each([
      ['a status alone', 'NJ-2016-01 blocked', { status: 'blocked' }],
      ['a note alone', 'NJ-2016-01 met the department heads', { note: 'met the department heads' }],
      ['a percentage alone', 'NJ-2016-01 0%', { percent: 0 }],
      ['done in Chinese', 'NJ-2016-01 100% 完成', { percent: 100, status: 'done' }],
    ])('accepts %s', async (_name, text, details) => {
      await command('U03OWN', text);
      expect((await reports())[0]?.details).toEqual(details);
    });

    it('lets the unit head report on any item of the unit', async () => {
      await command('U02HEAD', 'NJ-2016-02 10%');
      expect((await reports())[0]).toMatchObject({ actor: 'U02HEAD', item_code: 'NJ-2016-02' });
    });

    it('lets a deputy report for an owner during the deputy period', async () => {
      await db().insertInto('people').values({ user_id: 'U0OUTSIDER' }).execute();
      await db().insertInto('deputies').values({ user_id: 'U05OWN', deputy_user: 'U0OUTSIDER', starts_on: '2016-03-01', ends_on: '2016-03-31', created_by: 'U05OWN' }).execute();
      await command('U0OUTSIDER', 'NJ-2016-02 15%');
      expect((await reports())[0]).toMatchObject({ actor: 'U0OUTSIDER', item_code: 'NJ-2016-02' });
    });

    it.each([
      ['an unknown item', 'U03OWN', 'NJ-2099-99 40%', 'There is no item NJ-2099-99.'],
      ['150%', 'U03OWN', 'NJ-2016-01 150%', 'The percentage must be a whole number from 0 to 100.'],
      ['a percentage that is not a number', 'U03OWN', 'NJ-2016-01 forty%', '"forty%" is not a percentage.'],
      ['a code that is not a code', 'U03OWN', '40% done', '"40%" is not an item code.'],
      ['someone else’s item', 'U05OWN', 'NJ-2016-01 40%', 'You are not an owner of NJ-2016-01 nor the head of its unit'],
      ['an outsider', 'U0OUTSIDER', 'SZ-2016-01 done', 'You are not an owner of SZ-2016-01'],
      ['a note that is far too long', 'U03OWN', `NJ-2016-01 ${'x'.repeat(3001)}`, 'The note is 3001 characters; the most is 3000.'],
    ])('refuses %s with a clear ephemeral answer and writes nothing', async (_name, user, text, expected) => {
      const reply = await command(user, text);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toContain(expected);
      expect(await reports()).toEqual([]);
    });

    it('refuses a closed item', async () => {
      await db().updateTable('items').set({ closed_at: NOW }).where('code', '=', 'NJ-2016-01').execute();
      const reply = await command('U03OWN', 'NJ-2016-01 40%');
      expect(reply.text).toBe('Item NJ-2016-01 is closed and takes no more reports.');
      expect(await reports()).toEqual([]);
    });

    it('refuses in Chinese for a Chinese Slack user', async () => {
      const reply = await command('U04OWN', 'NJ-2016-01 150%');
      expect(reply.text).toBe('完成百分比应为 0 到 100 的整数。');
    });

    it('explains itself with help, in the user’s language', async () => {
      expect((await command('U03OWN', 'help')).text).toContain('*/progress* — report progress on a responsibility item');
      expect((await command('U04OWN', '帮助')).text).toContain('*/progress* — 报告责任事项进展');
    });

    it('records a repeated delivery of the same command once', async () => {
      await command('U03OWN', 'NJ-2016-01 40%', { trigger_id: 'trigger-same' });
      const again = await command('U03OWN', 'NJ-2016-01 40%', { trigger_id: 'trigger-same' });
      expect(again.text).toBe('This report on NJ-2016-01 细化责任清单 was already recorded.');
      expect(await reports()).toHaveLength(1);
    });

    it('records reports sent at once on one unit each once, on one chain that verifies, the items’ state agreeing with their last entries', async () => {
      const sent: [string, string, string][] = [
        ['U03OWN', 'NJ-2016-01 10%', 'at-once-1'],
        ['U05OWN', 'NJ-2016-02 20%', 'at-once-2'],
        ['U02HEAD', 'NJ-2016-02 30% on-track', 'at-once-3'],
        ['U03OWN', 'NJ-2016-01 40% blocked waiting', 'at-once-4'],
        ['U03OWN', 'NJ-2016-01 40% blocked waiting', 'at-once-4'],
        ['U05OWN', 'NJ-2016-02 50%', 'at-once-5'],
        ['U02HEAD', 'NJ-2016-01 60%', 'at-once-6'],
      ];
      const replies = await Promise.all(sent.map(([user, text, trigger]) => command(user, text, { trigger_id: trigger })));
      expect(replies.filter((reply) => reply.text?.includes('already recorded'))).toHaveLength(1);
      const entries = await reports();
      expect(entries).toHaveLength(6);
      expect(await verifyLedger(db())).toMatchObject({ ok: true });
      for (const code of ['NJ-2016-01', 'NJ-2016-02']) {
        const last = entries.filter((entry) => entry.item_code === code).at(-1);
        const state = await db().selectFrom('item_state').select('percent').where('item_code', '=', code).executeTakeFirstOrThrow();
        expect(state.percent).toBe((last?.details as { percent: number }).percent);
      }
    });

    it('opens the modal with the caller’s items when typed alone', async () => {
      const reply = await command('U03OWN', '', { trigger_id: 'trigger-modal' });
      expect(reply).toEqual({});
      const [opened] = app.fake.views;
      expect(opened).toMatchObject({ method: 'views.open', trigger_id: 'trigger-modal' });
      const options = (opened?.view.blocks[0].element.options as { value: string }[]).map((option) => option.value);
      expect(options).toEqual(['NJ-2016-01']);
      expect(opened?.view.title.text).toBe('Report progress');
      expect(opened?.view.blocks[0].element.initial_option.value).toBe('NJ-2016-01');
    });

    it('opens the modal for one item, preselected, for the unit head who heads several', async () => {
      await command('U02HEAD', 'nj-2016-02');
      const view = app.fake.views[0]?.view;
      expect((view?.blocks[0].element.options as { value: string }[]).map((option) => option.value)).toEqual(['NJ-2016-01', 'NJ-2016-02']);
      expect(view?.blocks[0].element.initial_option.value).toBe('NJ-2016-02');
    });

    it('does not open the modal for someone else’s item', async () => {
      const reply = await command('U05OWN', 'NJ-2016-01');
      expect(reply.text).toContain('You are not an owner of NJ-2016-01');
      expect(app.fake.views).toEqual([]);
    });
  });

  describe('the modal', () => {
    it('records a submission, confirms it, and records a double submission once', async () => {
      const submission = { id: 'V0001', values: values({ item: 'NJ-2016-01', percent: '55', status: 'at_risk', note: '等待审批', evidence: 'https://docs.example.org/plan' }) };
      expect((await submit('U03OWN', submission)).statusCode).toBe(200);
      expect((await submit('U03OWN', submission)).statusCode).toBe(200);
      const entries = await reports();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ source: 'modal', details: { percent: 55, status: 'at_risk', note: '等待审批', evidence_url: 'https://docs.example.org/plan' } });
      const dm = app.fake.messages('U03OWN');
      expect(dm.map((message) => message.text)).toContain('Recorded for NJ-2016-01 细化责任清单: 55% · At risk · 等待审批');
    });

    it('shows problems beside the field and writes nothing', async () => {
      const empty = await submit('U03OWN', { id: 'V0002', values: values({ item: 'NJ-2016-01' }) });
      expect(empty.json()).toEqual({ response_action: 'errors', errors: { note: 'Give a percentage, a status or a note.' } });
      const notMine = await submit('U05OWN', { id: 'V0003', values: values({ item: 'NJ-2016-01', percent: '20' }) });
      expect(notMine.json()).toMatchObject({ response_action: 'errors', errors: { item: expect.stringContaining('You are not an owner of NJ-2016-01') } });
      const tooMuch = await submit('U03OWN', { id: 'V0004', values: values({ item: 'NJ-2016-01', percent: '101' }) });
      expect(tooMuch.json()).toEqual({ response_action: 'errors', errors: { percent: 'The percentage must be a whole number from 0 to 100.' } });
      expect(await reports()).toEqual([]);
    });

    it.each([
      ['private_metadata that is not JSON', { private_metadata: '{"origin":' }, {}, { item: 'This request could not be read (it may come from an old or altered message). Nothing was recorded.' }],
      ['private_metadata naming a channel that is not one', { private_metadata: JSON.stringify({ origin: 'modal', channel: '../etc' }) }, {}, { item: 'This request could not be read (it may come from an old or altered message). Nothing was recorded.' }],
      ['a status that is not one', {}, { status: 'finished' }, { status: 'This value could not be read; choose or type it again.' }],
      ['a percentage that is not a number', {}, { percent: 'forty' }, { percent: 'This value could not be read; choose or type it again.' }],
      ['a milestone that is not one', {}, { milestone: 'first' }, { milestone: 'This value could not be read; choose or type it again.' }],
    ])('refuses a submission with %s beside the field, writing nothing', async (_name, view, fields, errors) => {
      const { milestone, ...rest } = fields as { milestone?: string; status?: string; percent?: string };
      const state = { ...values({ item: 'NJ-2016-01', note: 'n', ...rest }), ...(milestone && viewValues({ milestone: input.select(milestone) })) };
      const response = await submit('U03OWN', { id: `V-bad-${_name.length}`, values: state, ...view });
      expect(response.json()).toEqual({ response_action: 'errors', errors });
      expect(await reports()).toEqual([]);
    });
  });

  describe('the "Report progress" button', () => {
    const press = (user: string, code: string, channel?: string) =>
      app.send(blockAction({ user, actionId: 'report_progress', value: code, channel, messageTs: channel && '1.1', triggerId: `trigger-${user}` }));

    it('opens the modal for that item, and the submission is recorded as from the button', async () => {
      app.fake.addChannel({ id: 'C0NJ', name: 'zr-js-nj', members: ['U0BOT', 'U03OWN', 'U04OWN'] });
      expect((await press('U04OWN', 'NJ-2016-01', 'C0NJ')).statusCode).toBe(200);
      const opened = app.fake.views[0];
      expect(opened?.view.blocks[0].element.initial_option.value).toBe('NJ-2016-01');
      expect(opened?.view.title.text).toBe('报告进展');
      await submit('U04OWN', { id: 'V0005', private_metadata: opened?.view.private_metadata, values: values({ item: 'NJ-2016-01', status: 'on_track' }) });
      expect((await reports())[0]).toMatchObject({ source: 'button', actor: 'U04OWN' });
      const ephemeral = app.fake.messages('C0NJ').find((message) => message.ephemeral);
      expect(ephemeral).toMatchObject({ user: 'U04OWN', text: '已记录 NJ-2016-01 细化责任清单 的进展：正常' });
    });

    it('refuses someone else in the channel with an ephemeral answer, and opens nothing', async () => {
      app.fake.addChannel({ id: 'C0NJ', name: 'zr-js-nj', members: ['U0BOT', 'U05OWN'] });
      await press('U05OWN', 'NJ-2016-01', 'C0NJ');
      expect(app.fake.views).toEqual([]);
      expect(app.fake.messages('C0NJ')[0]).toMatchObject({ ephemeral: true, user: 'U05OWN', text: expect.stringContaining('You are not an owner of NJ-2016-01') });
    });
  });

  describe('App Home', () => {
    const openHome = (user: string, eventId?: string, retryNum?: number) => app.send(appHomeOpened(user, { eventId, retryNum }));

    it('shows the person’s items with light, latest report, due date and a report button', async () => {
      await command('U03OWN', 'NJ-2016-01 40% on-track first draft');
      await openHome('U03OWN');
      await expect.poll(() => app.fake.homeView('U03OWN')).toBeDefined();
      const blocks = app.fake.homeView('U03OWN')?.view.blocks as { type: string; text?: { text: string }; accessory?: { value: string; text: { text: string } }; elements?: { text: string }[] }[];
      expect(blocks[0]?.text?.text).toBe('Your responsibility items');
      const item = blocks.find((block) => block.accessory?.value === 'NJ-2016-01');
      expect(item?.text?.text).toContain('*NJ-2016-01* 细化责任清单');
      expect(item?.text?.text).toContain('Due 2016-02-29');
      expect(item?.accessory?.text.text).toBe('Report progress');
      expect(JSON.stringify(blocks)).toContain('Last report 2016-03-10: 40% · On track · first draft');
    });

    it('pages a long list within Slack’s 100 blocks', async () => {
      const many = Array.from({ length: 95 }, (_, i) => `      - { code: BIG-${String(i).padStart(3, '0')}, title: 事项${i}, responsibility: primary, owners: [U03OWN], due: 2016-12-31, cadence: weekly, start: 2016-01-04 }`).join('\n');
      const outcome = await importFiles(app.deps(), [{ name: 'big.yaml', content: `lists:\n  - unit: JS-SZ\n    year: 2016\n    items:\n${many}\n` }]);
      expect(outcome.ok).toBe(true);
      await openHome('U03OWN');
      await expect.poll(() => app.fake.homeView('U03OWN')).toBeDefined();
      const first = app.fake.homeView('U03OWN')?.view.blocks as unknown[];
      expect(first.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(first)).toContain('Page 1 of 3');
      await app.send(blockAction({ user: 'U03OWN', actionId: 'home_page_next', value: '3' }));
      await expect.poll(() => JSON.stringify(app.fake.homeView('U03OWN')?.view.blocks)).toContain('Page 3 of 3');
      expect(app.fake.violations).toEqual([]);
    });

    it('handles an Events API retry of the same event once', async () => {
      await openHome('U03OWN', 'Ev0HOME1');
      await openHome('U03OWN', 'Ev0HOME1', 1);
      // Both deliveries have been acknowledged and their work is done (send waits for it): one publish.
      expect(app.fake.callsTo('views.publish')).toHaveLength(1);
    });
  });

  it('queues a notice for the unit channel once it is set up, and exports one ledger row per accepted report', async () => {
    await db().updateTable('units').set({ channel_id: 'C0NJ', channel_ready_at: NOW }).where('code', '=', 'JS-NJ').execute();
    await command('U03OWN', 'NJ-2016-01 40% on-track');
    await command('U03OWN', 'NJ-2016-01 150%');
    await command('U04OWN', 'NJ-2016-01 50%');
    await command('U03OWN', 'SZ-2016-01 done');
    const notices = await db().selectFrom('outbox').selectAll().where('kind', '=', 'report_notice').orderBy('id').execute();
    expect(notices.map((notice) => [notice.lane, notice.payload.item, notice.payload.percent])).toEqual([
      ['C0NJ', 'NJ-2016-01', 40],
      ['C0NJ', 'NJ-2016-01', 50],
    ]);
    const rows = [];
    for await (const row of exportLedger(app.deps())) if (row.kind === 'report') rows.push(row);
    expect(rows.map(({ at, unit, item, kind, actor, source, percent, status, note }) => ({ at, unit, item, kind, actor, source, percent, status, note }))).toEqual([
      { at: '2016-03-10T10:00:00.000+08:00', unit: 'JS-NJ', item: 'NJ-2016-01', kind: 'report', actor: 'U03OWN', source: 'slash_command', percent: 40, status: 'on_track', note: null },
      { at: '2016-03-10T10:00:00.000+08:00', unit: 'JS-NJ', item: 'NJ-2016-01', kind: 'report', actor: 'U04OWN', source: 'slash_command', percent: 50, status: null, note: null },
    ]);
  });
});
