import { beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/services/importer.js';
import { coverage } from '../../src/services/signoff.js';
import { exportItems, exportLedger } from '../../src/services/exports.js';
import { JS, JS_NJ, JS_SZ, organisation as orgDocument } from '../support/fixtures.js';
import { blockAction, input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-25T02:00:00Z');
const organisation = (due = '2026-12-31', extraItem = '') =>
  orgDocument({
    units: [JS, JS_NJ, JS_SZ],
    lists: [
      {
        unit: 'JS-NJ',
        year: 2026,
        items: [
          { code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: ['U03OWN'], due, cadence: 'weekly', start: '2026-11-02', milestones: [{ title: '初稿', due: '2026-12-01', percent: 50 }] },
          { code: 'NJ-02', title: '开展专项督查', responsibility: 'supervisory', owners: ['U04OWN'], due: '2026-12-31', cadence: 'monthly', start: '2026-11-02' },
        ],
      },
    ],
  }) + extraItem;

describe('approvals and sign-off', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en' }, now: NOW, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03OWN', 'U04OWN', 'U0OUT'] });
  let channel: string;
  const db = () => app.db;
  const entries = async (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const drain = () => app.drain(5000);
  const requests = () => app.fake.messages(channel).filter((message) => JSON.stringify(message.blocks ?? []).includes('approval_approve') || message.edits > 0);
  // The request's id, as its buttons carry it (read before the message is updated).
  const values = new Map<string, string>();
  const press = (user: string, action: 'approval_approve' | 'approval_return', message: { ts: string; blocks?: unknown[] }) => {
    const value = values.get(message.ts) ?? ((JSON.stringify(message.blocks).match(/"action_id":"approval_approve","value":"(\d+)"/) ?? [])[1] as string);
    values.set(message.ts, value);
    return app.send(blockAction({ user, actionId: action, blockId: `approval_${value}`, value, channel, messageTs: message.ts }));
  };
  const returnWith = (user: string, metadata: string, reason: string) =>
    app.send(viewSubmission({ user, callbackId: 'approval_return_modal', privateMetadata: metadata, values: viewValues({ reason: input.text(reason) }) }));
  const ephemeralTo = (user: string) => app.fake.messages(channel).filter((message) => message.ephemeral && message.user === user).map((message) => message.text);

  beforeEach(async () => {
    channel = app.fake.addChannel({ name: 'zr-js-nj', members: ['U0BOT', 'U02HEAD', 'U03OWN', 'U04OWN', 'U0OUT'] }).id;
    await db().insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
    await db().insertInto('units').values({ code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS', channel_id: channel, channel_ready_at: NOW }).execute();
    const outcome = await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation() }]);
    expect(outcome.ok).toBe(true);
    await drain();
  });

  it('a done claim waits for the head: outsiders and the owner are refused, the head approves once, the owner is told', async () => {
    const reply = await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 100% done final report filed', channel_id: channel }));
    expect(reply.json().text).toBe('Recorded for NJ-01 细化责任清单: 100% · Done · final report filed It now awaits approval by <@U02HEAD>.');
    expect((await db().selectFrom('item_state').select('approval').where('item_code', '=', 'NJ-01').executeTakeFirstOrThrow()).approval).toBe('pending');
    expect((await exportItems(app.deps())).find((item) => item.code === 'NJ-01')).toMatchObject({ approval: 'pending', light: 'green' });
    await drain();
    const [request] = requests().filter((message) => message.text?.includes('as done'));
    expect(request?.text).toBe('<@U02HEAD>: <@U03OWN> reports *NJ-01* 细化责任清单 as done. Please approve it or return it.');
    expect(JSON.stringify(request?.blocks)).toContain('final report filed');

    await press('U0OUT', 'approval_approve', request!);
    expect(ephemeralTo('U0OUT')).toEqual(['Only <@U02HEAD> (or their deputy) decides this request.']);
    await press('U03OWN', 'approval_approve', request!);
    expect(ephemeralTo('U03OWN').at(-1)).toBe('You cannot decide your own claim: someone else must (four eyes).');
    expect(await entries('approved')).toEqual([]);

    await press('U02HEAD', 'approval_approve', request!);
    const updated = app.fake.messages(channel).find((message) => message.ts === request?.ts);
    expect(updated?.edits).toBe(1);
    expect(JSON.stringify(updated?.blocks)).not.toContain('approval_approve');
    expect(JSON.stringify(updated?.blocks)).toContain('✅ Approved by <@U02HEAD>');
    expect(await entries('approved')).toHaveLength(1);
    expect((await db().selectFrom('item_state').select('approval').where('item_code', '=', 'NJ-01').executeTakeFirstOrThrow()).approval).toBe('approved');
    await drain();
    expect(app.fake.messages('U03OWN').map((message) => message.text)).toContain('✅ <@U02HEAD> approved your claim on *NJ-01* 细化责任清单.');

    // A second press (a double click, a retried request) changes nothing and records nothing.
    await press('U02HEAD', 'approval_approve', request!);
    expect(await entries('approved')).toHaveLength(1);
    expect(ephemeralTo('U02HEAD').at(-1)).toBe('This request was already decided by <@U02HEAD>; nothing changed.');
    // Approved and closed: no more reports.
    expect((await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 100%' }))).json().text).toBe('Item NJ-01 is closed and takes no more reports.');
  });

  it.each(['approval_approve', 'approval_return'] as const)('a %s button whose value is not a request id is refused in an ephemeral message, deciding nothing', async (action) => {
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 100% done', channel_id: channel }));
    await drain();
    const decided = async () => (await db().selectFrom('approvals').select(['id', 'state']).orderBy('id').execute()).map((row) => `${row.id} ${row.state}`);
    const before = await decided();
    await app.send(blockAction({ user: 'U02HEAD', actionId: action, value: '1 OR 1=1', channel, messageTs: '1.1' }));
    expect(ephemeralTo('U02HEAD')).toEqual(['This request could not be read (it may come from an old or altered message). Nothing was recorded.']);
    expect(await decided()).toEqual(before);
    expect(app.fake.views.filter((view) => view.view.callback_id === 'approval_return_modal')).toEqual([]);
  });

  it('Return asks for a reason; the owner hears it and the item is back in progress', async () => {
    await app.send(slashCommand({ user_id: 'U04OWN', text: 'NJ-02 done' }));
    await drain();
    const [request] = requests().filter((message) => message.text?.includes('NJ-02'));
    await press('U02HEAD', 'approval_return', request!);
    const modal = app.fake.views.find((view) => view.view.callback_id === 'approval_return_modal');
    expect(modal?.view.title.text).toBe('Return the claim');
    const empty = await returnWith('U02HEAD', modal?.view.private_metadata, '  ');
    expect(empty.json()).toEqual({ response_action: 'errors', errors: { reason: 'Say why the claim is returned.' } });
    await returnWith('U02HEAD', modal?.view.private_metadata, '缺少督查报告');
    expect(await entries('returned')).toMatchObject([{ actor: 'U02HEAD', details: { reason: '缺少督查报告' } }]);
    const state = await db().selectFrom('item_state').selectAll().where('item_code', '=', 'NJ-02').executeTakeFirstOrThrow();
    expect(state).toMatchObject({ approval: 'returned', status: 'on_track', return_reason: '缺少督查报告' });
    expect(JSON.stringify(app.fake.messages(channel).find((message) => message.ts === request?.ts)?.blocks)).toContain('↩️ Returned by <@U02HEAD>');
    await drain();
    expect(app.fake.messages('U04OWN').at(-1)?.text).toContain('↩️ <@U02HEAD> returned your claim on *NJ-02* 开展专项督查: 缺少督查报告');
    expect((await exportItems(app.deps())).find((item) => item.code === 'NJ-02')).toMatchObject({ approval: 'returned' });
  });

  it('a milestone claimed in the modal is approved by the head and marked reached', async () => {
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01', trigger_id: 'trigger-m' }));
    const modal = app.fake.views.find((view) => view.trigger_id === 'trigger-m');
    const milestone = modal?.view.blocks.find((block: { block_id?: string }) => block.block_id === 'milestone');
    expect(milestone.element.options[0]).toMatchObject({ value: '0', text: { text: '初稿 (2026-12-01)' } });
    await app.send(
      viewSubmission({
        user: 'U03OWN',
        viewId: 'V-M1',
        callbackId: 'progress_modal',
        privateMetadata: modal?.view.private_metadata,
        values: viewValues({ item: input.select('NJ-01'), milestone: input.select('0'), note: input.text('初稿已印发') }),
      }),
    );
    await drain();
    const [request] = requests().filter((message) => message.text?.includes('milestone'));
    expect(request?.text).toBe('<@U02HEAD>: <@U03OWN> reports the milestone “初稿” of *NJ-01* 细化责任清单 as reached. Please approve it or return it.');
    await press('U02HEAD', 'approval_approve', request!);
    expect((await db().selectFrom('milestones').select('completed_at').where('item_code', '=', 'NJ-01').executeTakeFirstOrThrow()).completed_at).not.toBeNull();
  });

  it('the head signs the list; a re-import that changes a signed item becomes a change request, and approving it makes version 2 with the diff visible', async () => {
    await drain();
    // The unit's channel is set up, so the request is posted there, mentioning the head.
    const signoff = app.fake.messages(channel).find((message) => message.text?.includes('ready to be signed'));
    expect(signoff?.text).toBe('<@U02HEAD>: the 2026 responsibility list of JS-NJ 南京市纪委 (2 item(s)) is ready to be signed (签字背书).');
    expect(JSON.stringify(signoff?.blocks)).toContain('Sign the list');
    expect(JSON.stringify(signoff?.blocks)).toContain('*NJ-01* 细化责任清单 — <@U03OWN> — 2026-12-31');

    const dm = signoff!.channel;
    const sign = (user: string) => {
      const value = (JSON.stringify(signoff?.blocks).match(/"action_id":"approval_approve","value":"(\d+)"/) ?? [])[1];
      return app.send(blockAction({ user, actionId: 'approval_approve', value, channel: dm, messageTs: signoff!.ts, message: { ts: signoff!.ts } }));
    };
    await sign('U0OUT');
    expect((await db().selectFrom('lists').select('signed_at').where('unit_code', '=', 'JS-NJ').executeTakeFirstOrThrow()).signed_at).toBeNull();
    await sign('U02HEAD');
    const signed = await db().selectFrom('lists').selectAll().where('unit_code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    expect(signed).toMatchObject({ signed_by: 'U02HEAD', version: 1 });
    expect(signed.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await entries('signed'))[0]?.details).toMatchObject({ version: 1, hash: signed.content_hash });
    expect((await exportItems(app.deps()))[0]?.list_signed_at).toBe('2026-11-25T10:00:00.000+08:00');
    expect(JSON.stringify(app.fake.messages(dm).find((message) => message.ts === signoff?.ts)?.blocks)).toContain('✅ Signed by <@U02HEAD>');

    // The re-import changes NJ-01's due date and adds an item: nothing changes silently.
    const again = await importFiles(app.deps(), [
      { name: 'org.yaml', content: organisation('2027-01-31', '      - { code: NJ-03, title: 新增事项, responsibility: primary, owners: [U04OWN], due: 2026-12-31, cadence: weekly }\n') },
    ]);
    expect(again.ok && again.plan.requested.map((change) => `${change.action} ${change.ref}`)).toEqual(['updated NJ-01', 'created NJ-03']);
    expect((await db().selectFrom('items').select('due').where('code', '=', 'NJ-01').executeTakeFirstOrThrow()).due).toBe('2026-12-31');
    expect(await db().selectFrom('items').select('code').where('code', '=', 'NJ-03').execute()).toEqual([]);
    expect(await entries('change_requested')).toHaveLength(2);
    await drain();
    const change = requests().find((message) => message.text?.includes('*NJ-01* (changed)'));
    expect(JSON.stringify(change?.blocks)).toContain('due: ~2026-12-31~ → 2027-01-31');
    await press('U02HEAD', 'approval_approve', change!);
    expect((await db().selectFrom('items').select('due').where('code', '=', 'NJ-01').executeTakeFirstOrThrow()).due).toBe('2027-01-31');
    const version2 = await db().selectFrom('lists').selectAll().where('unit_code', '=', 'JS-NJ').executeTakeFirstOrThrow();
    expect(version2.version).toBe(2);
    expect(version2.content_hash).not.toBe(signed.content_hash);
    const rows = [];
    for await (const row of exportLedger(app.deps())) if (row.kind === 'change_approved') rows.push(row);
    expect(rows[0]).toMatchObject({ item: 'NJ-01', actor: 'U02HEAD', details: { version: 2, changes: { due: { from: '2026-12-31', to: '2027-01-31' } } } });
  });

  it('summarises a long list in the sign-off request within Block Kit’s limits, without cutting words', async () => {
    const title = 'Strengthen the supervision of the implementation of the eight-point rules in every department';
    const items = Array.from({ length: 120 }, (_, i) => `      - { code: SZ-${String(i).padStart(3, '0')}, title: "${title} ${i}", responsibility: primary, owners: [U03OWN, U04OWN], due: 2026-12-31, cadence: weekly }`).join('\n');
    const outcome = await importFiles(app.deps(), [{ name: 'sz.yaml', content: `lists:\n  - unit: JS-SZ\n    year: 2026\n    items:\n${items}\n` }]);
    expect(outcome.ok).toBe(true);
    await drain();
    const request = app.fake.messages('U03HEAD').find((message) => message.text?.includes('ready to be signed'));
    expect(request?.text).toContain('(120 item(s))');
    const text = JSON.stringify(request?.blocks);
    expect(text).toContain('… and 100 more');
    expect(text).toContain('of the eight-point rules in… — <@U03OWN>');
    expect(app.fake.violations).toEqual([]);
  });

  it('reports coverage: which units have a signed list for the year', async () => {
    const before = await coverage(db(), 2026);
    expect(before.map((row) => [row.unit, row.signedAt !== null])).toEqual([
      ['JS', false],
      ['JS-NJ', false],
      ['JS-SZ', false],
    ]);
    await db().updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEAD' }).where('unit_code', '=', 'JS-NJ').execute();
    const after = await coverage(db(), 2026, new Date('2026-02-28T16:00:00Z'));
    expect(after.map((row) => [row.unit, row.signedAt !== null])).toEqual([
      ['JS', false],
      ['JS-NJ', false],
      ['JS-SZ', false],
    ]);
    expect((await coverage(db(), 2026)).map((row) => [row.unit, row.signedAt !== null])).toEqual([
      ['JS', false],
      ['JS-NJ', true],
      ['JS-SZ', false],
    ]);
  });
});
