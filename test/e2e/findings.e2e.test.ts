import { describe, expect, it } from 'vitest';
import { exportItems } from '../../src/services/exports.js';
import { slashCommand, viewSubmission } from '../support/payloads.js';
import { appHelpers } from '../support/app-helpers.js';
import { patrolOrganisation } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

const TOKEN = 'findings-export-token-0123456789abcdef';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

// JS-XC (the patrol office) inspects JS-NJ: its supervisor, not JS-NJ's head, closes the findings.
const organisation = `${patrolOrganisation}inspections:
  - code: JS-NJ-2026-I1
    kind: inspection
    unit: JS-NJ
    by: JS-XC
    from: 2026-10-19
    to: 2026-10-30
    items: [NJ-01]
    findings:
      - { code: NJ-F01, title: 台账记录不完整, severity: major, item: NJ-01, owners: [U03OWN], requirement: 补齐上半年台账, due: 2026-11-06, cadence: weekly, start: 2026-11-02 }
      - { code: NJ-F02, title: 谈话提醒未留痕, severity: minor, owners: [U04OWN], requirement: 建立谈话提醒记录制度, due: 2026-11-13, start: 2026-11-02 }
`;
const listing = `supervision:
  - { code: JS-2026-GP01, subject: NJ-F01, by: U07ISS, reason: long_unresolved, due: 2026-12-31, cadence: biweekly }
  - { code: JS-2026-GP02, subject: NJ-01, by: U07ISS, reason: typical, due: 2026-12-31, cadence: weekly }
`;

describe('inspections and findings, end to end', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_EXPORT_TOKEN: TOKEN }, now: at('2026-11-02T08:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U07ISS', 'U08HEAD', 'U09SUP'] });
  const helpers = appHelpers(app);
  const { db, drain, channelOf, entries, ledgerSize, ephemeralTo, press, lastView, load } = helpers;
  const tick = (local: string) => helpers.tick(at(local));
  const stateOf = (code: string) => db().selectFrom('item_state').innerJoin('items', 'items.code', 'item_state.item_code').select(['approval', 'status', 'return_reason', 'closed_at', 'due']).where('item_code', '=', code).executeTakeFirstOrThrow();
  const requestIn = (channel: string, text: string) => app.fake.messages(channel).filter((message) => !message.ephemeral && message.text?.includes(text)).at(-1);
  const submit = (user: string, callbackId: string, metadata: string, values: Record<string, Record<string, unknown>>) =>
    app.send(viewSubmission({ user, callbackId, privateMetadata: metadata, values }));
  const verify = (user: string, method: string, result: string, note?: string) =>
    submit(user, 'finding_verify_modal', lastView('finding_verify_modal')?.view.private_metadata, {
      method: { method: { type: 'static_select', selected_option: { value: method } } },
      result: { result: { type: 'radio_buttons', selected_option: { value: result } } },
      note: { note: { type: 'plain_text_input', value: note ?? null } },
    });


  it('walks a finding from the import to its closure: prompted, reported, escalated to the inspecting supervisor, verified by them alone', async () => {
    await load(organisation);
    const channel = await channelOf('JS-NJ');
    const patrolChannel = await channelOf('JS-XC');
    // The inspecting supervisor is brought into the inspected unit's channel, with the findings' owners.
    const invited = app.fake.callsTo('conversations.invite').filter((call) => call.args.channel === channel).flatMap((call) => String(call.args.users).split(','));
    expect(invited).toEqual(expect.arrayContaining(['U02HEAD', 'U01SUP', 'U09SUP', 'U03OWN', 'U04OWN']));

    // Prompted in the inspected unit's channel like an item, with the report and extension buttons.
    expect((await tick('2026-11-02T09:31:00')).decided).toEqual({ prompted: 3 });
    // The unit's three findings due at the same instant share one prompt, each owner named once.
    const prompt = requestIn(channel, '*NJ-F01*');
    expect(app.fake.messages(channel).filter((message) => !message.ephemeral && message.text?.startsWith('🔔'))).toHaveLength(1);
    expect(prompt?.text?.split('\n')[0]).toMatch(/^🔔 Progress check for JS-NJ: 3 items are due for a report\. (<@U0[34]OWN> ){2}please report/);
    expect(prompt?.text).toContain('\n*NJ-F01* 台账记录不完整 (due 2026-11-06) A finding of inspection JS-NJ-2026-I1 (整改).');
    expect(JSON.stringify(prompt?.blocks)).toContain('"action_id":"report_progress","value":"NJ-F01"');
    expect(JSON.stringify(prompt?.blocks)).toContain('"action_id":"finding_extension","value":"NJ-F01"');

    app.clock.set(at('2026-11-03T10:00:00'));
    const reply = await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-F01 40% at-risk 已补齐三个月', channel_id: channel }));
    expect(reply.json().text).toBe('Recorded for NJ-F01 台账记录不完整: 40% · At risk · 已补齐三个月');

    // Overdue: ten working days after the deadline, the last step reaches the inspecting unit's supervisor, in its channel.
    await tick('2026-11-20T09:31:00');
    const escalation = app.fake.messages(patrolChannel).find((message) => message.text?.includes('NJ-F01'));
    // (With the unit's other finding overdue the same day: one message, a line each.)
    expect(escalation?.text).toMatch(/^🚩 <@U09SUP>: 2 items of unit JS-NJ are long silent or overdue\./);
    expect(escalation?.text).toContain('\n• the item of *NJ-F01* 台账记录不完整 was due on 2026-11-06, 10 working day(s) overdue.');
    expect(escalation?.text).toContain('A finding of inspection JS-NJ-2026-I1 (整改).');
    expect(app.fake.messages(await channelOf('JS')).filter((message) => message.text?.includes('NJ-F01'))).toEqual([]);
    expect((await exportItems(app.deps())).find((item) => item.code === 'NJ-F01')?.light).toBe('red');

    // Done is a claim for the inspecting supervisor.
    app.clock.set(at('2026-11-20T11:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-F01 100% done 台账已补齐', channel_id: channel }));
    await drain();
    const request = requestIn(channel, 'reports the rectification of finding');
    expect(request?.text).toBe('<@U09SUP>: <@U03OWN> reports the rectification of finding *NJ-F01* 台账记录不完整 as done. Please verify it: approve with how you verified it, or return it.');

    // The inspected unit's head presses Approve: refused, nothing written.
    const before = await ledgerSize();
    await press('U02HEAD', 'approval_approve', request!);
    expect(ephemeralTo(channel, 'U02HEAD')).toEqual(['Only the supervisor of the unit that inspected (or their deputy) decides the closure of a finding.']);
    expect(await ledgerSize()).toBe(before);
    expect((await stateOf('NJ-F01')).approval).toBe('pending');
    expect(app.fake.views.filter((view) => view.view.callback_id === 'finding_verify_modal')).toEqual([]);

    // The inspecting supervisor says how they verified it: ineffective returns it, with the reason required.
    await press('U09SUP', 'approval_approve', request!);
    expect(lastView('finding_verify_modal')?.view.title.text).toBe('Verify the rectification');
    expect((await verify('U09SUP', 'onsite', 'ineffective')).json()).toEqual({ response_action: 'errors', errors: { note: 'A partial or ineffective verification returns the finding: say why in the note.' } });
    expect(await ledgerSize()).toBe(before);
    await verify('U09SUP', 'onsite', 'ineffective', '下半年台账仍缺');
    expect(await stateOf('NJ-F01')).toMatchObject({ approval: 'returned', status: 'on_track', return_reason: '下半年台账仍缺', closed_at: null });
    expect(await entries('returned')).toMatchObject([{ actor: 'U09SUP', item_code: 'NJ-F01', details: { reason: '下半年台账仍缺', verification: { method: 'onsite', result: 'ineffective', note: '下半年台账仍缺' } } }]);
    const decided = app.fake.messages(channel).find((message) => message.ts === request?.ts);
    expect(JSON.stringify(decided?.blocks)).not.toContain('approval_approve');
    expect(JSON.stringify(decided?.blocks)).toContain('Verification: On-site check · Ineffective');
    await drain();
    expect(app.fake.messages('U03OWN').at(-1)?.text).toContain('↩️ <@U09SUP> returned your claim on *NJ-F01* 台账记录不完整: 下半年台账仍缺');

    // Claimed again, verified effective: closed.
    app.clock.set(at('2026-11-24T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-F01 100% done 全年台账已补齐', channel_id: channel }));
    await drain();
    const again = requestIn(channel, 'reports the rectification of finding');
    expect(again?.ts).not.toBe(request?.ts);
    await press('U09SUP', 'approval_approve', again!);
    await verify('U09SUP', 'document', 'effective');
    expect((await stateOf('NJ-F01')).approval).toBe('approved');
    expect((await stateOf('NJ-F01')).closed_at).not.toBeNull();
    expect((await entries('approved')).at(-1)).toMatchObject({ actor: 'U09SUP', item_code: 'NJ-F01', details: { verification: { method: 'document', result: 'effective' } } });
    expect((await db().selectFrom('findings').select('verification').where('item_code', '=', 'NJ-F01').executeTakeFirstOrThrow()).verification).toMatchObject({ method: 'document', result: 'effective', by: 'U09SUP' });
    expect((await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-F01 100%' }))).json().text).toBe('Item NJ-F01 is closed and takes no more reports.');
    expect(app.fake.violations).toEqual([]);
  });

  it('asks the inspecting supervisor to extend a deadline, before it passes only; approval moves the due date', async () => {
    await load(organisation);
    const channel = await channelOf('JS-NJ');
    await tick('2026-11-02T09:31:00');
    const prompt = requestIn(channel, '*NJ-F02*')!;
    app.clock.set(at('2026-11-10T10:00:00'));
    await press('U04OWN', 'finding_extension', prompt, 'NJ-F02');
    const modal = lastView('finding_extension_modal');
    expect(modal?.view.title.text).toBe('Request an extension');
    const ask = (to: string, because: string) =>
      submit('U04OWN', 'finding_extension_modal', modal?.view.private_metadata, { to: { to: { type: 'datepicker', selected_date: to } }, because: { because: { type: 'plain_text_input', value: because } } });
    expect((await ask('2026-11-12', '制度需党组会审议')).json()).toEqual({ response_action: 'errors', errors: { to: 'Choose a date after the current deadline, 2026-11-13.' } });
    await ask('2026-11-27', '制度需党组会审议');
    expect(ephemeralTo(channel, 'U04OWN').at(-1)).toBe('Asked: the deadline of NJ-F02 to move to 2026-11-27. The supervisor of the inspecting unit decides.');
    await drain();
    const request = requestIn(channel, 'asks to extend the deadline');
    expect(request?.text).toBe('<@U09SUP>: <@U04OWN> asks to extend the deadline of finding *NJ-F02* 谈话提醒未留痕 from 2026-11-13 to 2026-11-27: 制度需党组会审议');
    await press('U02HEAD', 'approval_approve', request!);
    expect(ephemeralTo(channel, 'U02HEAD').at(-1)).toBe('Only the supervisor of the unit that inspected (or their deputy) decides the closure of a finding.');
    expect((await stateOf('NJ-F02')).due).toBe('2026-11-13');
    await press('U09SUP', 'approval_approve', request!);
    expect((await stateOf('NJ-F02')).due).toBe('2026-11-27');
    expect(await entries('extension_approved')).toMatchObject([{ actor: 'U09SUP', item_code: 'NJ-F02', details: { from: '2026-11-13', to: '2026-11-27' } }]);
    await drain();
    expect(app.fake.messages('U04OWN').at(-1)?.text).toBe('✅ <@U09SUP> extended the deadline of *NJ-F02* 谈话提醒未留痕 to 2026-11-27.');

    // Once the deadline has passed, no extension can be asked for.
    app.clock.set(at('2026-11-30T10:00:00'));
    const before = await ledgerSize();
    await press('U04OWN', 'finding_extension', prompt, 'NJ-F02');
    expect(ephemeralTo(channel, 'U04OWN').at(-1)).toBe('The deadline of NJ-F02 (2026-11-27) has passed: an extension can only be asked for before it.');
    expect(await ledgerSize()).toBe(before);
  });

  it('keeps a listed subject open (不销号) until the issuer approves the closure of its order; the issuer may return it', async () => {
    await load(`${organisation}${listing}`);
    const channel = await channelOf('JS-NJ');
    // A listed finding: verified effective by the inspecting supervisor, still open.
    app.clock.set(at('2026-11-04T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-F01 100% done 台账已补齐', channel_id: channel }));
    await drain();
    const claim = requestIn(channel, 'reports the rectification of finding')!;
    await press('U02HEAD', 'approval_approve', claim);
    expect((await stateOf('NJ-F01')).closed_at).toBeNull();
    await press('U09SUP', 'approval_approve', claim);
    await verify('U09SUP', 'onsite', 'effective');
    expect(await stateOf('NJ-F01')).toMatchObject({ approval: 'pending', closed_at: null });
    expect((await db().selectFrom('supervision_orders').select('state').where('code', '=', 'JS-2026-GP01').executeTakeFirstOrThrow()).state).toBe('closure_requested');
    await drain();
    // The issuer alone closes it: the request goes to them.
    const closure = requestIn('U07ISS', 'listed for supervision by order JS-2026-GP01')!;
    expect(closure.text).toBe(
      '<@U07ISS>: *NJ-F01* 台账记录不完整, listed for supervision by order JS-2026-GP01 (挂牌督办), is reported done and approved. It is not struck off until you close the order: approve or return it.',
    );
    // Nobody but the issuer closes it: not the inspecting supervisor, not the head.
    // (Pressed as if the request were shared in the unit's channel.)
    for (const user of ['U09SUP', 'U02HEAD']) {
      await press(user, 'approval_approve', { ...closure, channel });
      expect(ephemeralTo(channel, user).at(-1)).toBe('Only the issuer of the supervision order decides its closure (销号).');
    }
    // The issuer returns it with a reason: open again, the order too.
    await press('U07ISS', 'approval_return', closure);
    await submit('U07ISS', 'approval_return_modal', lastView('approval_return_modal')?.view.private_metadata, { reason: { reason: { type: 'plain_text_input', value: '需回头看' } } });
    expect(await stateOf('NJ-F01')).toMatchObject({ approval: 'returned', return_reason: '需回头看', closed_at: null });
    expect((await db().selectFrom('supervision_orders').select('state').where('code', '=', 'JS-2026-GP01').executeTakeFirstOrThrow()).state).toBe('open');
    expect(await entries('order_returned')).toMatchObject([{ actor: 'U07ISS', item_code: 'NJ-F01', details: { order: 'JS-2026-GP01', reason: '需回头看' } }]);

    // A listed item: its head approves the owner's claim, and it stays open for the issuer.
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 100% done', channel_id: channel }));
    await drain();
    await press('U02HEAD', 'approval_approve', requestIn(channel, 'reports *NJ-01*')!);
    expect(await stateOf('NJ-01')).toMatchObject({ approval: 'pending', closed_at: null });
    await drain();
    const itemClosure = requestIn('U07ISS', 'order JS-2026-GP02')!;
    await press('U07ISS', 'approval_approve', itemClosure);
    expect(await stateOf('NJ-01')).toMatchObject({ approval: 'approved' });
    expect((await stateOf('NJ-01')).closed_at).not.toBeNull();
    expect(await db().selectFrom('supervision_orders').select(['code', 'state']).orderBy('code').execute()).toEqual([
      { code: 'JS-2026-GP01', state: 'open' },
      { code: 'JS-2026-GP02', state: 'closed' },
    ]);
    expect(await entries('order_closed')).toMatchObject([{ actor: 'U07ISS', item_code: 'NJ-01', details: { order: 'JS-2026-GP02' } }]);
    expect(app.fake.violations).toEqual([]);
  });

  it('prompts a listed subject on its order’s cadence and escalates its silence to the issuer', async () => {
    await load(`${organisation}${listing}`);
    // NJ-01 is monthly, but listed weekly: prompted every week.
    await tick('2026-11-02T09:31:00');
    await tick('2026-11-09T09:31:00');
    const prompts = (await entries('prompted')).filter((entry) => entry.item_code === 'NJ-01').map((entry) => (entry.details as { key: string }).key);
    expect(prompts).toEqual(['prompt:NJ-01:2026-W45', 'prompt:NJ-01:2026-W46']);
    expect(requestIn(await channelOf('JS-NJ'), '*NJ-01*')?.text).toContain('Listed for supervision by order JS-2026-GP02 (挂牌督办).');
    await tick('2026-11-16T09:31:00');
    await tick('2026-11-20T09:31:00');
    const toIssuer = app.fake.messages('U07ISS').filter((message) => message.text?.startsWith('🚩'));
    const told = toIssuer.find((message) => message.text?.includes('*NJ-01*'))?.text;
    expect(told).toMatch(/^🚩 <@U07ISS>: 2 items of unit JS-NJ are long silent or overdue\./);
    expect(told).toContain('\n• *NJ-01* 细化责任清单: no progress report for');
    // Its unit's parent supervisor is not the one told: the issuer is.
    expect(app.fake.messages(await channelOf('JS')).filter((message) => message.text?.includes('*NJ-01*'))).toEqual([]);
  });

  it('exports findings and orders with the SPEC columns; digests show listed subjects first and name children not inspected in six months', async () => {
    await load(`${organisation}${listing}`);
    app.clock.set(at('2026-11-04T10:00:00'));
    await app.send(slashCommand({ user_id: 'U04OWN', text: 'NJ-F02 50% on-track 制度草稿已成', channel_id: await channelOf('JS-NJ') }));
    const deps = { db: db(), now: app.clock(), timeZone: 'Asia/Shanghai' };
    const { exportFindings, exportSupervision } = await import('../../src/services/supervision-exports.js');
    const findings = await exportFindings(deps);
    expect(findings.map((row) => Object.keys(row))[0]).toEqual(['unit', 'inspection', 'code', 'title', 'severity', 'item', 'owners', 'due', 'percent', 'status', 'light', 'state', 'listed', 'closed_at', 'verification']);
    expect(findings).toMatchObject([
      { unit: 'JS-NJ', inspection: 'JS-NJ-2026-I1', code: 'NJ-F01', severity: 'major', item: 'NJ-01', owners: ['U03OWN'], due: '2026-11-06', state: 'open', listed: 'JS-2026-GP01', closed_at: null, verification: null },
      { unit: 'JS-NJ', code: 'NJ-F02', severity: 'minor', item: null, percent: 50, status: 'on_track', state: 'open', listed: '' },
    ]);
    // The items export and the findings export agree on each finding's light.
    const items = await exportItems(deps);
    for (const row of findings) expect(items.find((item) => item.code === row.code)?.light).toBe(row.light);
    expect(await exportSupervision(deps)).toEqual([
      { code: 'JS-2026-GP01', subject: 'NJ-F01', issuer: 'U07ISS', reason: 'long_unresolved', due: '2026-12-31', state: 'open', closed_at: null },
      { code: 'JS-2026-GP02', subject: 'NJ-01', issuer: 'U07ISS', reason: 'typical', due: '2026-12-31', state: 'open', closed_at: null },
    ]);
    // The authenticated download serves the same rows.
    const download = await app.bot.server.inject({ method: 'GET', url: '/exports/supervision?format=csv&unit=JS', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.statusCode).toBe(200);
    expect(download.body.replace(/^\uFEFF/, '').split(/\r?\n/)).toEqual(['code,subject,issuer,reason,due,state,closed_at', 'JS-2026-GP01,NJ-F01,U07ISS,long_unresolved,2026-12-31,open,', 'JS-2026-GP02,NJ-01,U07ISS,typical,2026-12-31,open,', '']);
    expect((await app.bot.server.inject({ method: 'GET', url: '/exports/findings?format=json' })).statusCode).toBe(401);
    const json = await app.bot.server.inject({ method: 'GET', url: '/exports/findings?format=json&unit=JS-NJ', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(json.json().map((row: { code: string }) => row.code)).toEqual(['NJ-F01', 'NJ-F02']);

    // Coverage of inspections: when each unit was last inspected.
    const { coverage } = await import('../../src/services/signoff.js');
    expect((await coverage(db(), 2026)).map((row) => [row.unit, row.lastInspection])).toEqual([
      ['JS', null],
      ['JS-NJ', '2026-10-30'],
      ['JS-XC', null],
    ]);
    // Friday's digests: the listed subjects first, marked; the parent names JS-XC, never inspected.
    await tick('2026-11-06T16:00:00');
    const digest = app.fake.messages(await channelOf('JS-NJ')).find((message) => message.text?.startsWith('Weekly digest'));
    const blocks = JSON.stringify(digest?.blocks);
    expect(blocks).toContain('*挂牌 Listed for supervision* (2)');
    expect(blocks.indexOf('挂牌 Listed')).toBeLessThan(blocks.indexOf('*Overdue*') === -1 ? Infinity : blocks.indexOf('*Overdue*'));
    expect(blocks).toContain('🏷️ *NJ-01* 细化责任清单 — order JS-2026-GP02');
    const parent = JSON.stringify(app.fake.messages(await channelOf('JS')).find((message) => message.text?.startsWith('Weekly digest'))?.blocks);
    expect(parent).toContain('*Units below with no inspection in six months* (1)');
    expect(parent).toContain('• JS-XC 省委巡察办');
    expect(app.fake.violations).toEqual([]);
  });
});
