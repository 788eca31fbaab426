import { describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { exportItems } from '../../src/services/exports.js';
import { importFiles } from '../../src/services/importer.js';
import { exportSupervision } from '../../src/services/supervision-exports.js';
import { blockAction, slashCommand, viewSubmission } from '../support/payloads.js';
import { appHelpers } from '../support/app-helpers.js';
import { JS, JS_NJ, JS_SZ, njList2026, organisation as orgDocument } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

// A person of a case, by the reference the office chose: it must never reach a channel, a DM or a public page.
const PERSON = '王某某';
const organisation = `${orgDocument({ units: [JS, JS_NJ, { ...JS_SZ, head: 'U05HEAD', supervisor: 'U05SUP' }], lists: [njList2026()] })}cases:
  - code: JS-NJ-2026-C001
    unit: JS-NJ
    opened: 2026-03-02
    source: petition
    category: 违反中央八项规定精神
    primary: not_fulfilled
    supervisory: fulfilled
    dispositions:
      - { person: ${PERSON}, form: 2, measure: 警告, decided: 2026-04-10 }
  - code: JS-NJ-2026-C002
    unit: JS-NJ
    opened: 2026-05-06
    source: lead
    category: 形式主义官僚主义
    dispositions:
      - { person: P-0002, form: 1, measure: 谈话提醒, decided: 2026-05-20 }
`;
const listing = `supervision:
  - { code: JS-2026-GP03, subject: JS-NJ-2026-C001, by: U07ISS, reason: typical, due: 2026-12-31, cadence: weekly }
`;

describe('a case listed for supervision (挂牌督办 of a case)', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_ADMINS: 'U0ADMIN' },
    now: at('2026-11-02T08:00:00'),
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U05HEAD', 'U05SUP', 'U07ISS', 'U08NEW', 'U0ADMIN'],
  });
  const helpers = appHelpers(app);
  const { db, drain, channelOf, entries, ledgerSize, ephemeralTo, press, lastView, load } = helpers;
  const tick = (local: string) => helpers.tick(at(local));
  const orderState = async (code: string) => (await db().selectFrom('supervision_orders').select('state').where('code', '=', code).executeTakeFirstOrThrow()).state;
  const caseRow = (code: string) => db().selectFrom('cases').select(['concluded', 'item_code']).where('code', '=', code).executeTakeFirstOrThrow();
  const stateOf = (code: string) => db().selectFrom('item_state').innerJoin('items', 'items.code', 'item_state.item_code').select(['approval', 'return_reason', 'closed_at']).where('item_code', '=', code).executeTakeFirstOrThrow();
  const lastIn = (channel: string, text: string) => app.fake.messages(channel).filter((message) => !message.ephemeral && message.text?.includes(text)).at(-1);
  const returnWith = (user: string, reason: string) =>
    app.send(viewSubmission({ user, callbackId: 'approval_return_modal', privateMetadata: lastView('approval_return_modal')?.view.private_metadata, values: { reason: { reason: { type: 'plain_text_input', value: reason } } } }));
  /** Everything the bot said anywhere in Slack (channels, DMs, modals, App Home), as one string. */
  const everythingSaid = () => JSON.stringify([app.fake.callsTo('chat.postMessage'), app.fake.callsTo('chat.update'), app.fake.callsTo('chat.postEphemeral'), app.fake.views]);
  const reimport = (content: string, dryRun = false) => importFiles(app.deps(), [{ name: 'again.yaml', content }], { dryRun });
  const problemsOf = (outcome: Awaited<ReturnType<typeof reimport>>) => (outcome.ok ? [] : outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render('en', problem.message)}`));

  it('is listed by import, prompted on the order’s cadence, escalated to the issuer, and concluded only by the issuer’s approval', async () => {
    const first = await load(`${organisation}${listing}`);
    expect(first.plan.changes.filter((change) => change.entity === 'supervision').map((change) => `${change.action} ${change.ref}`)).toEqual(['created JS-2026-GP03']);
    // The case is tracked by an item of its unit's case list, which its head owns.
    expect(await caseRow('JS-NJ-2026-C001')).toEqual({ concluded: null, item_code: 'JS-NJ-2026-C001' });
    expect(await db().selectFrom('item_owners').select('user_id').where('item_code', '=', 'JS-NJ-2026-C001').execute()).toEqual([{ user_id: 'U02HEAD' }]);
    expect(await entries('listed')).toMatchObject([{ unit_code: 'JS-NJ', item_code: 'JS-NJ-2026-C001', source: 'import', details: { order: 'JS-2026-GP03', case: 'JS-NJ-2026-C001' } }]);
    expect(await exportSupervision(app.deps())).toEqual([{ code: 'JS-2026-GP03', subject: 'JS-NJ-2026-C001', issuer: 'U07ISS', reason: 'typical', due: '2026-12-31', state: 'open', closed_at: null }]);

    // A second import changes nothing; concluding the listed case by import is refused, dry run too, nothing written.
    const size = await ledgerSize();
    const again = await reimport(`${organisation}${listing}`);
    expect(again.ok && again.written).toBe(false);
    const concluding = `${organisation.replace('    supervisory: fulfilled\n', '    supervisory: fulfilled\n    concluded: 2026-11-02\n')}${listing}`;
    const refusal = ['again.yaml line 18, cases[0].concluded: case JS-NJ-2026-C001 is listed for supervision by order JS-2026-GP03 and is not struck off (不销号): it cannot be concluded until the issuer approves the closure of the order'];
    expect(problemsOf(await reimport(concluding))).toEqual(refusal);
    expect(problemsOf(await reimport(concluding, true))).toEqual(refusal);
    expect(await ledgerSize()).toBe(size);
    expect((await caseRow('JS-NJ-2026-C001')).concluded).toBeNull();
    // A list item cannot take the case's code (its tracking item's).
    const taken = `${organisation.replace("cadence: monthly, start: 2026-11-02 }", "cadence: monthly, start: 2026-11-02 }\n      - { code: JS-NJ-2026-C001, title: 另一事项, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: monthly }")}${listing}`;
    expect(problemsOf(await reimport(taken))).toEqual(['again.yaml line 10, lists[0].items[1].code: JS-NJ-2026-C001 is a case listed for supervision, not an item of a list; give the item another code']);
    // Nor does a direct write conclude it while its order is open.
    await expect(db().updateTable('cases').set({ concluded: '2026-11-02' }).where('code', '=', 'JS-NJ-2026-C001').execute()).rejects.toThrow(/listed for supervision by order JS-2026-GP03/);

    // Prompted weekly in the unit's channel, mentioning its head: the case's code, never a person of it.
    const channel = await channelOf('JS-NJ');
    await tick('2026-11-02T09:31:00');
    const prompt = lastIn(channel, '*JS-NJ-2026-C001*');
    // (It shares the unit's prompt with the unit's other item due at the same instant.)
    expect(prompt?.text).toMatch(/^🔔 Progress check for JS-NJ: 2 items are due for a report\. .*<@U02HEAD>.* please report/);
    expect(prompt?.text).toContain('\n*JS-NJ-2026-C001* 违反中央八项规定精神 (due 2026-12-31) Listed for supervision');
    expect(prompt?.text).toContain('Listed for supervision by order JS-2026-GP03 (挂牌督办).');

    // Friday's digest lists it first, marked.
    await tick('2026-11-06T16:00:00');
    const digest = JSON.stringify(app.fake.messages(channel).find((message) => message.text?.startsWith('Weekly digest'))?.blocks);
    expect(digest).toContain('*挂牌 Listed for supervision* (1)');
    expect(digest).toContain('🏷️ *JS-NJ-2026-C001* 违反中央八项规定精神 — order JS-2026-GP03');
    // Its lights count only what the items export has (the case's tracking item is not an item of a list).
    const payload = (await db().selectFrom('outbox').select('payload').where('idempotency_key', '=', 'digest:JS-NJ:2026-W45').executeTakeFirstOrThrow()).payload as { counts: Record<string, number> };
    expect(Object.values(payload.counts).reduce((sum, n) => sum + n, 0)).toBe((await exportItems(app.deps(), ['JS-NJ'])).length);
    expect((await exportItems(app.deps(), ['JS-NJ'])).map((item) => item.code)).toEqual(['NJ-01']);

    // Silent: the last step of the ladder reaches the issuer, not the parent's supervisor.
    await tick('2026-11-09T09:31:00');
    await tick('2026-11-16T09:31:00');
    await tick('2026-11-20T09:31:00');
    const toIssuer = app.fake.messages('U07ISS').find((message) => message.text?.startsWith('🚩') && message.text.includes('*JS-NJ-2026-C001*'));
    expect(toIssuer?.text).toContain('🚩 <@U07ISS>: *JS-NJ-2026-C001* 违反中央八项规定精神 of unit JS-NJ has had no progress report');
    expect(app.fake.messages(await channelOf('JS')).filter((message) => message.text?.includes('JS-NJ-2026-C001') && !message.text.startsWith('Weekly digest'))).toEqual([]);

    // The head reports it concluded: a claim that goes straight to the issuer; the order awaits closure.
    app.clock.set(at('2026-11-20T11:00:00'));
    await app.send(slashCommand({ user_id: 'U02HEAD', text: 'JS-NJ-2026-C001 100% done 处分决定已执行', channel_id: channel }));
    await drain();
    expect(await orderState('JS-2026-GP03')).toBe('closure_requested');
    const closure = lastIn('U07ISS', 'reports case')!;
    expect(closure.text).toBe(
      '<@U07ISS>: <@U02HEAD> reports case *JS-NJ-2026-C001* of unit JS-NJ, listed for supervision by order JS-2026-GP03 (挂牌督办), as concluded. It is not concluded until you close the order: approve or return it.',
    );
    expect(JSON.stringify(closure.blocks)).toContain('*Note:* 处分决定已执行');

    // The unit cannot close it: not its head (the claimant), not the parent's supervisor, not an admin.
    const before = await ledgerSize();
    await press('U02HEAD', 'approval_approve', { ...closure, channel });
    expect(ephemeralTo(channel, 'U02HEAD').at(-1)).toBe('You cannot decide your own claim: someone else must (four eyes).');
    await press('U01SUP', 'approval_approve', { ...closure, channel });
    expect(ephemeralTo(channel, 'U01SUP').at(-1)).toBe('Only the issuer of the supervision order decides its closure (销号).');
    // An admin (not in the unit's channel, so told nothing there) is refused too.
    await press('U0ADMIN', 'approval_approve', { ...closure, channel });
    expect(await orderState('JS-2026-GP03')).toBe('closure_requested');
    expect(await ledgerSize()).toBe(before);
    expect((await caseRow('JS-NJ-2026-C001')).concluded).toBeNull();

    // The issuer returns it with a reason: the order is open again, the case too.
    await press('U07ISS', 'approval_return', closure);
    await returnWith('U07ISS', '问责决定尚未通报');
    expect(await orderState('JS-2026-GP03')).toBe('open');
    expect(await stateOf('JS-NJ-2026-C001')).toMatchObject({ approval: 'returned', return_reason: '问责决定尚未通报', closed_at: null });
    expect(await entries('order_returned')).toMatchObject([{ actor: 'U07ISS', item_code: 'JS-NJ-2026-C001', details: { order: 'JS-2026-GP03', reason: '问责决定尚未通报' } }]);
    expect((await caseRow('JS-NJ-2026-C001')).concluded).toBeNull();
    await drain();
    expect(app.fake.messages('U02HEAD').at(-1)?.text).toContain('↩️ <@U07ISS> returned your claim on *JS-NJ-2026-C001*');

    // Claimed again and approved by the issuer: the order closes, and the case is concluded that day.
    app.clock.set(at('2026-11-24T10:00:00'));
    await app.send(slashCommand({ user_id: 'U02HEAD', text: 'JS-NJ-2026-C001 100% done 已通报', channel_id: channel }));
    await drain();
    const second = lastIn('U07ISS', 'reports case')!;
    expect(second.ts).not.toBe(closure.ts);
    await press('U07ISS', 'approval_approve', second);
    expect(await orderState('JS-2026-GP03')).toBe('closed');
    expect(await caseRow('JS-NJ-2026-C001')).toEqual({ concluded: '2026-11-24', item_code: 'JS-NJ-2026-C001' });
    expect((await stateOf('JS-NJ-2026-C001')).closed_at).not.toBeNull();
    expect(await entries('order_closed')).toMatchObject([{ actor: 'U07ISS', item_code: 'JS-NJ-2026-C001', details: { order: 'JS-2026-GP03', case: 'JS-NJ-2026-C001', concluded: '2026-11-24' } }]);
    // Every step of the order is on the ledger with its code.
    const steps = (await db().selectFrom('ledger').select(['kind', 'details']).where('item_code', '=', 'JS-NJ-2026-C001').orderBy('id').execute()).filter((entry) => (entry.details as { order?: string }).order === 'JS-2026-GP03');
    expect(steps.map((entry) => entry.kind)).toEqual(['listed', 'approval_requested', 'order_returned', 'approval_requested', 'order_closed']);

    // The original file again changes nothing: the case stays concluded, the order closed.
    const last = await reimport(`${organisation}${listing}`);
    expect(last.ok && last.written).toBe(false);
    expect((await caseRow('JS-NJ-2026-C001')).concluded).toBe('2026-11-24');

    // The tracking item is in no items export and on no public page; no person of the case was ever said in Slack.
    expect((await exportItems(app.deps())).map((item) => item.code)).toEqual(['NJ-01']);
    await db().updateTable('lists').set({ signed_at: app.clock(), signed_by: 'U02HEAD' }).where('unit_code', '=', 'JS-NJ').execute();
    const page = await app.bot.server.inject({ method: 'GET', url: '/public/JS-NJ/2026?lang=en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('NJ-01');
    expect(page.body).not.toContain('JS-NJ-2026-C001');
    expect(page.body).not.toContain(PERSON);
    expect(everythingSaid()).not.toContain(PERSON);
    expect(app.fake.violations).toEqual([]);
  });

  it('is listed from the case’s modal by a supervisor; refused to one who does not supervise it, and to an issuer who reports on it', async () => {
    await load(organisation);
    const channel = await channelOf('JS-NJ');
    // The supervisor opens the case from App Home and finds "List for supervision" in it.
    await app.send(blockAction({ user: 'U01SUP', actionId: 'case_amend', triggerId: 't-amend' }));
    await app.send(viewSubmission({ user: 'U01SUP', callbackId: 'case_pick', values: { code: { code: { type: 'plain_text_input', value: 'JS-NJ-2026-C002' } } } }));
    await app.send(blockAction({ user: 'U01SUP', actionId: 'case_list', value: 'JS-NJ-2026-C002', triggerId: 't-list' }));
    const pushed = app.fake.views.filter((view) => view.view.callback_id === 'supervise_list_modal').at(-1);
    expect(pushed?.method).toBe('views.push');
    expect(JSON.stringify(pushed?.view.blocks)).toContain('"initial_value":"JS-NJ-2026-C002"');
    // `/supervise list CASE-CODE` (any spelling of the code) opens the same form.
    await app.send(slashCommand({ user_id: 'U01SUP', text: 'list js-nj-2026-c002', command: '/supervise', channel_id: channel, trigger_id: 't-slash' }));
    const opened = app.fake.views.filter((view) => view.view.callback_id === 'supervise_list_modal').at(-1);
    expect(opened?.method).toBe('views.open');
    expect(JSON.stringify(opened?.view.blocks)).toContain('"initial_value":"JS-NJ-2026-C002"');

    const submit = (user: string, by: string) =>
      app.send(
        viewSubmission({
          user,
          callbackId: 'supervise_list_modal',
          values: {
            code: { code: { type: 'plain_text_input', value: 'JS-2026-GP04' } },
            subject: { subject: { type: 'plain_text_input', value: 'js-nj-2026-c002' } },
            by: { by: { type: 'users_select', selected_user: by } },
            reason: { reason: { type: 'static_select', selected_option: { value: 'prominent' } } },
            due: { due: { type: 'datepicker', selected_date: '2026-12-31' } },
            cadence: { cadence: { type: 'static_select', selected_option: { value: 'biweekly' } } },
          },
        }),
      );
    // The unit's head would report on it: they may not issue its order (four eyes), nothing written.
    const before = await ledgerSize();
    expect((await submit('U01SUP', 'U02HEAD')).json()).toEqual({
      response_action: 'errors',
      errors: { by: 'the issuer U02HEAD reports on JS-NJ-2026-C002 (an owner, or the head of its unit) and could never decide the closure of its order (four eyes): choose another issuer' },
    });
    // A supervisor of another unit: told the code is unknown (nothing said of a case they may not see).
    expect((await submit('U05SUP', 'U05SUP')).json()).toEqual({ response_action: 'errors', errors: { subject: 'js-nj-2026-c002 is neither an item, a finding nor a case in the file or the database' } });
    expect((await app.send(slashCommand({ user_id: 'U05SUP', text: 'list JS-NJ-2026-C002', command: '/supervise', channel_id: channel }))).json().text).toBe(
      '⚠️ JS-NJ-2026-C002 is neither an item, a finding nor a case in the file or the database',
    );
    expect(await ledgerSize()).toBe(before);

    const done = (await submit('U01SUP', 'U01SUP')).json();
    expect(done.response_action).toBe('update');
    expect(await exportSupervision(app.deps())).toEqual([{ code: 'JS-2026-GP04', subject: 'JS-NJ-2026-C002', issuer: 'U01SUP', reason: 'prominent', due: '2026-12-31', state: 'open', closed_at: null }]);
    expect(await entries('listed')).toMatchObject([{ actor: 'U01SUP', source: 'modal', item_code: 'JS-NJ-2026-C002', details: { order: 'JS-2026-GP04', case: 'JS-NJ-2026-C002' } }]);
    expect((await db().selectFrom('items').select('due').where('code', '=', 'JS-NJ-2026-C002').executeTakeFirstOrThrow()).due).toBe('2026-12-31');
    // An import that moves the order's deadline moves its tracking item's too.
    const moved = await reimport(`${organisation}supervision:\n  - { code: JS-2026-GP04, subject: JS-NJ-2026-C002, by: U01SUP, reason: prominent, due: 2027-01-15, cadence: biweekly }\n`);
    expect(moved.ok && moved.plan.changes.filter((change) => change.entity === 'supervision')).toMatchObject([{ action: 'updated', ref: 'JS-2026-GP04', fields: { due: { from: '2026-12-31', to: '2027-01-15' } } }]);
    expect((await db().selectFrom('items').select('due').where('code', '=', 'JS-NJ-2026-C002').executeTakeFirstOrThrow()).due).toBe('2027-01-15');

    // An admin concluding it in the case's modal is refused beside the field while it is listed.
    const conclude = await app.send(
      viewSubmission({
        user: 'U0ADMIN',
        callbackId: 'case_modal',
        values: {
          code: { code: { type: 'plain_text_input', value: 'JS-NJ-2026-C002' } },
          unit: { unit: { type: 'static_select', selected_option: { value: 'JS-NJ' } } },
          opened: { opened: { type: 'datepicker', selected_date: '2026-05-06' } },
          source: { source: { type: 'static_select', selected_option: { value: 'lead' } } },
          category: { category: { type: 'plain_text_input', value: '形式主义官僚主义' } },
          concluded: { concluded: { type: 'datepicker', selected_date: '2026-11-02' } },
          dispositions: { dispositions: { type: 'plain_text_input', value: 'P-0002 1 谈话提醒 2026-05-20' } },
          accountability: { accountability: { type: 'plain_text_input', value: null } },
        },
      }),
    );
    expect(conclude.json()).toEqual({
      response_action: 'errors',
      errors: { concluded: 'case JS-NJ-2026-C002 is listed for supervision by order JS-2026-GP04 and is not struck off (不销号): it cannot be concluded until the issuer approves the closure of the order' },
    });
    expect((await caseRow('JS-NJ-2026-C002')).concluded).toBeNull();
    expect(app.fake.violations).toEqual([]);
  });

  it('four eyes: an owner cannot issue the order; an issuer who becomes an owner later is not left deciding their own claim', async () => {
    await load(organisation);
    const ownerIssues = await reimport(`${organisation}supervision:\n  - { code: JS-2026-GP05, subject: NJ-01, by: U03OWN, reason: typical, due: 2026-12-31, cadence: weekly }\n`);
    expect(problemsOf(ownerIssues)).toEqual([
      'again.yaml line 28, supervision[0].by: the issuer U03OWN reports on NJ-01 (an owner, or the head of its unit) and could never decide the closure of its order (four eyes): choose another issuer',
    ]);
    // Listed by U07ISS, who is later made an owner of the item: their claim goes to an admin, never to themselves.
    await reimport(`${organisation}supervision:\n  - { code: JS-2026-GP05, subject: NJ-01, by: U07ISS, reason: typical, due: 2026-12-31, cadence: weekly }\n`);
    const handedOver = await reimport(organisation.replace('owners: [U03OWN]', 'owners: [U07ISS]'));
    expect(handedOver.ok && handedOver.written).toBe(true);
    const channel = await channelOf('JS-NJ');
    app.clock.set(at('2026-11-03T10:00:00'));
    await app.send(slashCommand({ user_id: 'U07ISS', text: 'NJ-01 100% done', channel_id: channel }));
    await drain();
    await press('U02HEAD', 'approval_approve', lastIn(channel, 'reports *NJ-01*')!);
    await drain();
    expect(await orderState('JS-2026-GP05')).toBe('closure_requested');
    const request = lastIn('U0ADMIN', 'order JS-2026-GP05')!;
    expect(request.text).toContain('<@U0ADMIN>: *NJ-01* 细化责任清单, listed for supervision by order JS-2026-GP05');
    // (Pressed as if the request were shared in the issuer's own DM with the bot.)
    await press('U07ISS', 'approval_approve', { ...request, channel: 'U07ISS' });
    expect(ephemeralTo('U07ISS', 'U07ISS').at(-1)).toBe('You cannot decide your own claim: someone else must (four eyes).');
    expect(await orderState('JS-2026-GP05')).toBe('closure_requested');
    await press('U0ADMIN', 'approval_approve', request);
    expect(await orderState('JS-2026-GP05')).toBe('closed');
    expect(await entries('order_closed')).toMatchObject([{ actor: 'U0ADMIN', item_code: 'NJ-01', details: { order: 'JS-2026-GP05' } }]);
    expect(app.fake.violations).toEqual([]);
  });

  it('passes to the unit’s new head, who reports on it from then on', async () => {
    await load(`${organisation}${listing}`);
    const changed = await reimport(`${organisation.replace('head: U02HEAD', 'head: U08NEW')}${listing}`);
    expect(changed.ok && changed.written).toBe(true);
    expect(await db().selectFrom('item_owners').select('user_id').where('item_code', '=', 'JS-NJ-2026-C001').execute()).toEqual([{ user_id: 'U08NEW' }]);
    expect((await entries('owner_changed')).filter((entry) => entry.item_code === 'JS-NJ-2026-C001')).toMatchObject([{ source: 'import', details: { from: ['U02HEAD'], to: ['U08NEW'], removed: ['U02HEAD'], added: ['U08NEW'] } }]);
    app.clock.set(at('2026-11-03T10:00:00'));
    const reply = await app.send(slashCommand({ user_id: 'U08NEW', text: 'JS-NJ-2026-C001 30% on-track 已约谈' }));
    expect(reply.json().text).toBe('Recorded for JS-NJ-2026-C001 违反中央八项规定精神: 30% · On track · 已约谈');
    // The same file again changes nothing more.
    const again = await reimport(`${organisation.replace('head: U02HEAD', 'head: U08NEW')}${listing}`);
    expect(again.ok && again.written).toBe(false);
  });
});
