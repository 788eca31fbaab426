import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { checkBlockKit } from '../support/blockkit-limits.js';
import { input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { patrolOrganisation } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

// JS-XC (the patrol office, supervisor U09SUP) inspects JS-NJ (supervised by U01SUP from JS above).
const organisation = patrolOrganisation;

describe('the supervisors’ forms: /supervise, App Home and the item menu', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_ADMINS: 'U0ADMIN' }, now: at('2026-11-02T08:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U08HEAD', 'U09SUP', 'U0ADMIN', { id: 'U0ZH', locale: 'zh-CN' }] });
  const db = () => app.db;
  const ledgerSize = async () => Number((await db().selectFrom('ledger').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const supervise = (user: string, text: string, channel = 'C0GENERAL') => app.send(slashCommand({ user_id: user, text, command: '/supervise', channel_id: channel }));
  const lastView = (callbackId: string) => app.fake.views.filter((view) => view.view.callback_id === callbackId).at(-1);
  const submit = async (user: string, callbackId: string, values: Record<string, unknown>, extra: { viewId?: string; privateMetadata?: string } = {}) => {
    const response = await app.send(viewSubmission({ user, callbackId, values: viewValues(values), ...extra }));
    const body = response.body ? response.json() : {};
    if (body.response_action === 'update') expect(checkBlockKit('modal', { view: body.view })).toEqual([]);
    return body;
  };
  const load = async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    await app.drain(10_000);
  };
  const inspection = (overrides: Record<string, unknown> = {}) => ({
    code: input.text('JS-NJ-2026-I9'),
    kind: input.select('patrol'),
    unit: input.select('JS-NJ'),
    by: input.select('JS-XC'),
    from: input.date('2026-10-19'),
    to: input.date('2026-10-30'),
    items: input.text('nj-01'),
    ...overrides,
  });
  const finding = (overrides: Record<string, unknown> = {}) => ({
    code: input.text('NJ-F09'),
    title: input.text('台账记录不完整'),
    severity: input.select('major'),
    item: input.text('NJ-01'),
    owners: { type: 'multi_users_select', selected_users: ['U04OWN'] },
    requirement: input.text('补齐上半年台账'),
    due: input.date('2026-11-30'),
    cadence: input.select('weekly'),
    ...overrides,
  });

  it('records an inspection and a finding from the forms, and the finding is prompted in the inspected unit’s channel', async () => {
    await load();
    // The inspecting unit's supervisor opens the form: the inspecting units offered are theirs alone.
    expect((await supervise('U09SUP', 'inspect')).statusCode).toBe(200);
    const form = lastView('supervise_inspection_modal');
    expect(form?.view.title.text).toBe('Record an inspection');
    const by = (form?.view.blocks as { block_id: string; element: { options?: { value: string }[] } }[]).find((block) => block.block_id === 'by');
    expect(by?.element.options?.map((choice) => choice.value)).toEqual(['JS-XC']);

    const before = await ledgerSize();
    const done = await submit('U09SUP', 'supervise_inspection_modal', inspection(), { viewId: 'V-INSPECTION' });
    expect(done.response_action).toBe('update');
    expect(JSON.stringify(done.view)).toContain('Inspection JS-NJ-2026-I9 recorded');
    expect(await db().selectFrom('inspections').selectAll().execute()).toMatchObject([{ code: 'JS-NJ-2026-I9', kind: 'patrol', unit_code: 'JS-NJ', by_unit: 'JS-XC', starts_on: '2026-10-19', ends_on: '2026-10-30', key_items: ['NJ-01'], recorded_by: 'U09SUP' }]);
    const recorded = await db().selectFrom('ledger').selectAll().where('id', '>', String(before) as never).orderBy('id').execute();
    expect(recorded).toMatchObject([{ kind: 'recorded', actor: 'U09SUP', source: 'modal', unit_code: 'JS-NJ', details: { entity: 'inspection', action: 'created', inspection: 'JS-NJ-2026-I9' } }]);

    // Slack retries the same submission: nothing more is written, the same answer comes.
    const size = await ledgerSize();
    expect((await submit('U09SUP', 'supervise_inspection_modal', inspection(), { viewId: 'V-INSPECTION' })).response_action).toBe('update');
    expect(await ledgerSize()).toBe(size);
    // Another inspection under the same code is refused beside the code.
    expect(await submit('U09SUP', 'supervise_inspection_modal', inspection({ kind: input.select('inspection') }))).toEqual({ response_action: 'errors', errors: { code: 'Inspection JS-NJ-2026-I9 is already recorded; choose another code.' } });

    // Its finding, from /supervise finding CODE (the code in any case).
    await supervise('U09SUP', 'finding js-nj-2026-i9');
    const findingForm = lastView('supervise_finding_modal');
    expect(findingForm?.view.private_metadata).toBe('JS-NJ-2026-I9');
    // Bad input is said beside its field, and nothing is written.
    expect(await submit('U09SUP', 'supervise_finding_modal', finding({ due: input.date('2026-10-01') }), { privateMetadata: 'JS-NJ-2026-I9' })).toEqual({ response_action: 'errors', errors: { due: 'Choose a deadline from today (2026-11-02) on.' } });
    expect(await submit('U09SUP', 'supervise_finding_modal', finding({ item: input.text('NJ-99') }), { privateMetadata: 'JS-NJ-2026-I9' })).toEqual({ response_action: 'errors', errors: { item: 'item NJ-99 does not exist in the file or the database' } });
    expect(await submit('U09SUP', 'supervise_finding_modal', finding({ code: input.text('NJ-01') }), { privateMetadata: 'JS-NJ-2026-I9' })).toEqual({ response_action: 'errors', errors: { code: 'NJ-01 is already an item of a list; a finding needs a code of its own' } });
    expect(await ledgerSize()).toBe(size);

    const added = await submit('U09SUP', 'supervise_finding_modal', finding(), { privateMetadata: 'JS-NJ-2026-I9', viewId: 'V-FINDING' });
    expect(JSON.stringify(added.view)).toContain('Finding NJ-F09 of inspection JS-NJ-2026-I9 recorded');
    expect(await db().selectFrom('findings').selectAll().execute()).toMatchObject([{ item_code: 'NJ-F09', inspection_code: 'JS-NJ-2026-I9', severity: 'major', concerns_item: 'NJ-01', requirement: '补齐上半年台账' }]);
    const entries = await db().selectFrom('ledger').select(['kind', 'actor', 'source', 'item_code']).where('item_code', '=', 'NJ-F09').execute();
    expect(entries).toEqual([{ kind: 'recorded', actor: 'U09SUP', source: 'modal', item_code: 'NJ-F09' }]);
    const findings = await ledgerSize();
    await submit('U09SUP', 'supervise_finding_modal', finding(), { privateMetadata: 'JS-NJ-2026-I9', viewId: 'V-FINDING' });
    expect(await ledgerSize()).toBe(findings);

    // The owner is invited to the inspected unit's channel and prompted there, like any item.
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    const channel = (await db().selectFrom('units').select('channel_id').where('code', '=', 'JS-NJ').executeTakeFirstOrThrow()).channel_id as string;
    expect(app.fake.callsTo('conversations.invite').filter((call) => call.args.channel === channel).flatMap((call) => String(call.args.users).split(','))).toContain('U04OWN');
    app.clock.set(at('2026-11-02T09:31:00'));
    await app.bot.services.tick();
    await app.drain(10_000);
    const prompt = app.fake.messages(channel).find((message) => !message.ephemeral && message.text?.includes('*NJ-F09*'));
    expect(prompt?.text).toContain('<@U04OWN> please report');
    expect(prompt?.text).toContain('A finding of inspection JS-NJ-2026-I9 (整改).');
  });

  it('refuses someone who is not the inspecting unit’s supervisor, writing nothing', async () => {
    await load();
    const before = await ledgerSize();
    // An owner: told so, ephemerally, and no form opens.
    const reply = (await supervise('U03OWN', 'inspect')).json();
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: '⚠️ Only the supervisor of the inspecting unit (or an admin) records inspections and findings; you supervise no unit.' });
    expect(app.fake.views.filter((view) => view.view.callback_id === 'supervise_inspection_modal')).toEqual([]);
    // A form sent anyway writes nothing.
    expect(await submit('U03OWN', 'supervise_inspection_modal', inspection())).toEqual({ response_action: 'errors', errors: { code: 'Only the supervisor of the inspecting unit (or an admin) records inspections and findings; you supervise no unit.' } });
    // A supervisor of another unit may not record for JS-XC.
    expect(await submit('U01SUP', 'supervise_inspection_modal', inspection())).toEqual({ response_action: 'errors', errors: { by: 'Only the supervisor of JS-XC (or an admin) records its inspections and findings.' } });
    expect(await db().selectFrom('inspections').selectAll().execute()).toEqual([]);
    expect(await ledgerSize()).toBe(before);

    // An admin may; then only JS-XC's supervisor or an admin adds findings.
    expect((await submit('U0ADMIN', 'supervise_inspection_modal', inspection())).response_action).toBe('update');
    const after = await ledgerSize();
    expect((await supervise('U01SUP', 'finding JS-NJ-2026-I9')).json().text).toBe('⚠️ Only the supervisor of JS-XC (or an admin) records its inspections and findings.');
    expect(await submit('U01SUP', 'supervise_finding_modal', finding(), { privateMetadata: 'JS-NJ-2026-I9' })).toEqual({ response_action: 'errors', errors: { code: 'Only the supervisor of JS-XC (or an admin) records its inspections and findings.' } });
    expect((await supervise('U09SUP', 'finding JS-NJ-2026-X')).json().text).toBe('⚠️ There is no inspection JS-NJ-2026-X.');
    expect(await ledgerSize()).toBe(after);
    // In Chinese for a Chinese reader.
    expect((await supervise('U0ZH', 'list NJ-01')).json().text).toBe('⚠️ 只有监督人（或管理员）可以挂牌督办；您不是任何单位的监督人。');
  });
});
