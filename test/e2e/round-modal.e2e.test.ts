import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exportReports } from '../../src/services/report-round-status.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { checkBlockKit } from '../support/blockkit-limits.js';
import { appHomeOpened, blockAction, input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

// JS (supervisor U01SUP) above JS-NJ and JS-SZ; JS-XC (supervisor U09SUP) beside them, with no unit below.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }
  - { code: JS-SZ, name: 苏州市纪委, parent: JS, head: U05HEAD, supervisor: U01SUP }
  - { code: JS-XC, name: 省委巡察办, parent: JS, head: U08HEAD, supervisor: U09SUP }
`;

describe('the report-round form: /supervise round and App Home', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_ADMINS: 'U0ADMIN' },
    now: at('2026-11-30T08:00:00'),
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U05HEAD', 'U06REV', 'U08HEAD', 'U09SUP', 'U0ADMIN', { id: 'U0ZH', locale: 'zh-CN' }],
  });
  const db = () => app.db;
  const ledgerSize = async () => Number((await db().selectFrom('ledger').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const supervise = (user: string, text: string) => app.send(slashCommand({ user_id: user, text, command: '/supervise', channel_id: 'C0GENERAL' }));
  const lastView = (callbackId: string) => app.fake.views.filter((view) => view.view.callback_id === callbackId).at(-1);
  const submit = async (user: string, values: Record<string, unknown>, viewId?: string) => {
    const response = await app.send(viewSubmission({ user, callbackId: 'supervise_round_modal', values: viewValues(values), ...(viewId && { viewId }) }));
    const body = response.body ? response.json() : {};
    if (body.response_action === 'update') expect(checkBlockKit('modal', { view: body.view })).toEqual([]);
    return body;
  };
  const round = (overrides: Record<string, unknown> = {}) => ({
    code: input.text('JS-2026-H2-DR'),
    kind: input.select('dual_report'),
    by: input.select('JS'),
    units: { type: 'multi_static_select', selected_options: [{ value: 'JS-NJ' }, { value: 'JS-SZ' }] },
    period: input.text('2026-H2'),
    due: input.date('2026-12-10'),
    reviewers: { type: 'multi_users_select', selected_users: ['U01SUP', 'U06REV'] },
    ...overrides,
  });
  const load = async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    await app.drain(10_000);
  };

  it('creates a round through the import’s checks and writer, and each head is prompted like an imported round’s', async () => {
    await load();
    // App Home offers the button to supervisors; /supervise round opens the form, units below theirs offered.
    await app.send(appHomeOpened('U01SUP'));
    await expect.poll(() => app.fake.homeView('U01SUP')).toBeDefined();
    expect(JSON.stringify(app.fake.homeView('U01SUP')?.view.blocks)).toContain('"action_id":"supervise_round"');
    await app.send(blockAction({ user: 'U01SUP', actionId: 'supervise_round' }));
    expect(lastView('supervise_round_modal')?.view.title.text).toBe('Create a report round');
    expect((await supervise('U01SUP', 'round')).statusCode).toBe(200);
    const blocks = lastView('supervise_round_modal')?.view.blocks as { block_id: string; element: { options?: { value: string }[]; initial_users?: string[] } }[];
    expect(blocks.find((block) => block.block_id === 'by')?.element.options?.map((o) => o.value)).toEqual(['JS', 'JS-NJ', 'JS-SZ']);
    expect(blocks.find((block) => block.block_id === 'units')?.element.options?.map((o) => o.value)).toEqual(['JS-NJ', 'JS-SZ', 'JS-XC']);
    expect(blocks.find((block) => block.block_id === 'reviewers')?.element.initial_users).toEqual(['U01SUP']);

    // Bad input is said beside its field, and nothing is written.
    const before = await ledgerSize();
    expect(await submit('U01SUP', round({ due: input.date('2026-11-01') }))).toEqual({ response_action: 'errors', errors: { due: 'Choose a deadline from today (2026-11-30) on.' } });
    expect(await submit('U01SUP', round({ kind: input.select(null) }))).toMatchObject({ response_action: 'errors', errors: { kind: expect.any(String) } });
    expect(await submit('U01SUP', round({ by: input.select('JS-NJ') }))).toEqual({ response_action: 'errors', errors: { units: 'JS-NJ, JS-SZ: not under JS-NJ. A round asks the units below its issuing unit to report.' } });
    expect(await submit('U01SUP', round({ units: { type: 'multi_static_select', selected_options: [] } }))).toMatchObject({ response_action: 'errors', errors: { units: expect.any(String) } });
    expect(await ledgerSize()).toBe(before);
    expect(await db().selectFrom('report_rounds').selectAll().execute()).toEqual([]);

    const done = await submit('U01SUP', round(), 'V-ROUND');
    expect(JSON.stringify(done.view)).toContain('Report round JS-2026-H2-DR created: the head of each of its 2 unit(s) is prompted');
    expect(await db().selectFrom('report_rounds').selectAll().execute()).toMatchObject([{ code: 'JS-2026-H2-DR', kind: 'dual_report', period: '2026-H2', due: '2026-12-10', by_unit: 'JS', reviewers: ['U01SUP', 'U06REV'], created_by: 'U01SUP' }]);
    const recorded = await db().selectFrom('ledger').selectAll().where('kind', '=', 'recorded').orderBy('id').execute();
    expect(recorded).toMatchObject([
      { unit_code: 'JS', item_code: null, actor: 'U01SUP', source: 'modal', details: { entity: 'report_round', action: 'created', round: 'JS-2026-H2-DR' } },
      { unit_code: 'JS-NJ', item_code: 'JS-2026-H2-DR.JS-NJ', actor: 'U01SUP', source: 'modal', details: { entity: 'report_round_unit' } },
      { unit_code: 'JS-SZ', item_code: 'JS-2026-H2-DR.JS-SZ', actor: 'U01SUP', source: 'modal', details: { entity: 'report_round_unit' } },
    ]);
    // Slack retries the same submission: nothing more; another round under the code is refused.
    const size = await ledgerSize();
    expect((await submit('U01SUP', round(), 'V-ROUND')).response_action).toBe('update');
    expect(await ledgerSize()).toBe(size);
    expect(await submit('U01SUP', round({ period: input.text('2026') }))).toEqual({ response_action: 'errors', errors: { code: 'Report round JS-2026-H2-DR already exists; choose another code.' } });
    expect(await ledgerSize()).toBe(size);

    // Both heads are prompted with Submit report, and the round is in the reports export.
    app.clock.set(at('2026-11-30T09:31:00'));
    expect((await app.bot.services.tick()).decided).toEqual({ prompted: 2 });
    await app.drain(10_000);
    const nj = (await db().selectFrom('units').select('channel_id').where('code', '=', 'JS-NJ').executeTakeFirstOrThrow()).channel_id as string;
    const prompt = app.fake.messages(nj).find((message) => message.text?.includes('JS-2026-H2-DR.JS-NJ'));
    expect(JSON.stringify(prompt?.blocks)).toContain('"action_id":"round_submit","value":"JS-2026-H2-DR.JS-NJ"');
    expect((await exportReports(app.deps(), {})).map((row) => [row.round, row.unit, row.due])).toEqual([
      ['JS-2026-H2-DR', 'JS-NJ', '2026-12-10'],
      ['JS-2026-H2-DR', 'JS-SZ', '2026-12-10'],
    ]);
  });

  it('refuses someone who supervises no unit, or not the issuing one, writing nothing', async () => {
    await load();
    const before = await ledgerSize();
    expect((await supervise('U02HEAD', 'round')).json()).toMatchObject({ response_type: 'ephemeral', text: '⚠️ Only the supervisor of the issuing unit (or an admin) creates a report round; you supervise no unit.' });
    expect(lastView('supervise_round_modal')).toBeUndefined();
    expect(await submit('U02HEAD', round())).toEqual({ response_action: 'errors', errors: { code: 'Only the supervisor of the issuing unit (or an admin) creates a report round; you supervise no unit.' } });
    // JS-XC's supervisor may not issue for JS; for JS-XC there is nobody below to report.
    expect(await submit('U09SUP', round())).toEqual({ response_action: 'errors', errors: { by: 'Only the supervisor of JS (or an admin) creates its report rounds.' } });
    expect(await submit('U09SUP', round({ by: input.select('JS-XC'), units: { type: 'multi_static_select', selected_options: [{ value: 'JS-NJ' }] } }))).toMatchObject({ response_action: 'errors', errors: { units: expect.stringContaining('not under JS-XC') } });
    expect(await ledgerSize()).toBe(before);
    // In Chinese for a Chinese reader; an admin may.
    expect((await supervise('U0ZH', 'round')).json().text).toBe('⚠️ 只有发起单位的监督人（或管理员）可以发起报告轮次；您不是任何单位的监督人。');
    expect((await submit('U0ADMIN', round({ code: input.text('JS-2026-ST'), kind: input.select('statement') }))).response_action).toBe('update');
    expect(await db().selectFrom('report_rounds').select(['code', 'kind', 'created_by']).execute()).toEqual([{ code: 'JS-2026-ST', kind: 'statement', created_by: 'U0ADMIN' }]);
  });
});
