import { beforeEach, describe, expect, it } from 'vitest';
import { blockAction, input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U02SUP }
lists:
  - unit: JS
    year: 2026
    items:
      - { code: JS-01, title: 全省清单汇总, responsibility: primary, owners: [U01HEAD], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
  - unit: JS-NJ
    year: 2026
    items:
      - { code: NJ-01, title: 主要负责人亲自督办, responsibility: primary, owners: [U02HEAD], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
      - { code: NJ-02, title: 开展专项督查, responsibility: supervisory, owners: [U03OWN], due: 2026-12-31, cadence: monthly, start: 2026-11-02 }
`;

describe('four eyes: nobody decides their own claim, directly or through a deputy', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_ADMINS: 'U0ADMIN' }, now: NOW, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U02SUP', 'U03OWN', 'U0OUT', 'U0ADMIN'] });
  let channel: string;
  const db = () => app.db;
  const drain = () => app.drain(5000);
  const entries = async (kind?: string) => {
    let query = db().selectFrom('ledger').selectAll().orderBy('id');
    if (kind) query = query.where('kind', '=', kind);
    return query.execute();
  };
  /** Everything a refused attempt must leave as it was. */
  const snapshot = async () => ({
    ledger: (await entries()).length,
    approvals: await db().selectFrom('approvals').select(['id', 'state', 'decided_by']).orderBy('id').execute(),
    items: await db().selectFrom('items').select(['code', 'closed_at']).orderBy('code').execute(),
    deputies: await db().selectFrom('deputies').selectAll().orderBy('id').execute(),
    outbox: (await db().selectFrom('outbox').select('id').execute()).length,
    edits: app.fake.messages().filter((message) => message.edits > 0).length,
  });
  const claimRequest = (user: string, code: string) => app.fake.messages(user).find((message) => message.text?.includes(`*${code}*`) && message.text.includes('as done'));
  const approvalId = (message: { blocks?: unknown[] }) => (JSON.stringify(message.blocks).match(/"action_id":"approval_approve","value":"(\d+)"/) ?? [])[1] as string;
  const press = (user: string, value: string, where: { channel: string; ts: string }, action = 'approval_approve') =>
    app.send(blockAction({ user, actionId: action, blockId: `approval_${value}`, value, channel: where.channel, messageTs: where.ts }));
  const returnWith = (user: string, metadata: string, reason: string) =>
    app.send(viewSubmission({ user, callbackId: 'approval_return_modal', privateMetadata: metadata, values: viewValues({ reason: input.text(reason) }) }));
  const nameDeputy = (actor: string, fields: { person?: string; deputy: string; from: string; to: string }, viewId?: string) =>
    app.send(
      viewSubmission({
        user: actor,
        viewId,
        callbackId: 'deputy_modal',
        values: viewValues({ person: input.user(fields.person ?? actor), deputy: input.user(fields.deputy), starts_on: input.date(fields.from), ends_on: input.date(fields.to) }),
      }),
    );
  const ephemeralTo = (user: string) => app.fake.messages(channel).filter((message) => message.ephemeral && message.user === user).map((message) => message.text);

  beforeEach(async () => {
    channel = app.fake.addChannel({ name: 'zr-js-nj', members: ['U0BOT', 'U02HEAD', 'U03OWN', 'U0OUT'] }).id;
    await db().insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
    await db().insertInto('units').values({ code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS', channel_id: channel, channel_ready_at: NOW }).execute();
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await drain();
  });

  it('a head claims their own item: it goes to the parent’s head; the outsider they name as deputy cannot approve it; the parent’s head closes it', async () => {
    // Issue 14 point 8: the head owns NJ-01; their claim is not a dead end.
    const reply = await app.send(slashCommand({ user_id: 'U02HEAD', text: 'NJ-01 100% done', channel_id: channel }));
    expect(reply.json().text).toBe('Recorded for NJ-01 主要负责人亲自督办: 100% · Done It now awaits approval by <@U01HEAD>.');
    await drain();
    const request = claimRequest('U01HEAD', 'NJ-01');
    expect(request?.text).toBe('<@U01HEAD>: <@U02HEAD> reports *NJ-01* 主要负责人亲自督办 as done. Please approve it or return it.');
    expect(JSON.stringify(request?.blocks)).toContain('Four eyes: the claimant heads this unit or stands in for its head, so the head of JS decides.');
    expect(app.fake.messages(channel).filter((message) => message.text?.includes('as done'))).toEqual([]);
    expect((await entries('approval_requested')).find((entry) => entry.item_code === 'NJ-01')?.details).toMatchObject({ to: 'U01HEAD', seat_unit: 'JS' });
    const id = approvalId(request!);

    // The head names an outsider as deputy until 2100: refused, beside the field, nothing written.
    const before = await snapshot();
    const tooLong = await nameDeputy('U02HEAD', { deputy: 'U0OUT', from: '2026-11-25', to: '2100-12-31' });
    expect(tooLong.json()).toEqual({ response_action: 'errors', errors: { ends_on: 'A deputy period is at most 90 days: with this first day, the last can be 2027-02-22 at the latest.' } });
    expect(await snapshot()).toEqual(before);

    // Within the rules an outsider may stand in (documented): the parent's supervisor is told.
    expect((await nameDeputy('U02HEAD', { deputy: 'U0OUT', from: '2026-11-25', to: '2026-12-11' })).statusCode).toBe(200);
    expect(await db().selectFrom('deputies').select(['user_id', 'deputy_user', 'starts_on', 'ends_on', 'created_by']).execute()).toEqual([
      { user_id: 'U02HEAD', deputy_user: 'U0OUT', starts_on: '2026-11-25', ends_on: '2026-12-11', created_by: 'U02HEAD' },
    ]);
    expect(await entries('deputy_named')).toMatchObject([{ unit_code: 'JS-NJ', actor: 'U02HEAD', source: 'modal', details: { user: 'U02HEAD', deputy: 'U0OUT', from: '2026-11-25', to: '2026-12-11' } }]);
    await drain();
    expect(app.fake.messages('U01SUP').map((message) => message.text)).toContain(
      '👤 <@U02HEAD> named <@U0OUT> as deputy for <@U02HEAD>, head of JS-NJ, from 2026-11-25 to 2026-12-11. Meanwhile prompts, approvals and escalations for the head go to the deputy; the deputy never decides the head’s own claims.',
    );

    // The deputy tries to approve (with the request's id, from a message they can see), the head
    // tries too, and the deputy tries to return it: all refused, nothing written or edited.
    const notice = app.fake.messages(channel).find((message) => !message.ephemeral && message.text?.includes('NJ-01'))!;
    const attempts = await snapshot();
    await press('U0OUT', id, { channel, ts: notice.ts });
    expect(ephemeralTo('U0OUT')).toEqual(['You stand in for the person who made this claim, or they for you, so you cannot decide it: someone else must (four eyes).']);
    await press('U02HEAD', id, { channel, ts: notice.ts });
    expect(ephemeralTo('U02HEAD')).toEqual(['You cannot decide your own claim: someone else must (four eyes).']);
    const returned = await returnWith('U0OUT', JSON.stringify({ approval: Number(id) }), 'looks fine to me');
    expect(returned.json()).toEqual({ response_action: 'errors', errors: { reason: 'You stand in for the person who made this claim, or they for you, so you cannot decide it: someone else must (four eyes).' } });
    expect(await snapshot()).toEqual(attempts);

    // The parent's head approves: closed, the request updated, the head told.
    await press('U01HEAD', id, { channel: request!.channel, ts: request!.ts });
    expect(await entries('approved')).toMatchObject([{ item_code: 'NJ-01', actor: 'U01HEAD' }]);
    expect((await db().selectFrom('items').select('closed_at').where('code', '=', 'NJ-01').executeTakeFirstOrThrow()).closed_at).not.toBeNull();
    const updated = app.fake.messages(request!.channel).find((message) => message.ts === request!.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('✅ Approved by <@U01HEAD>');
    expect(JSON.stringify(updated?.blocks)).not.toContain('approval_approve');
    await drain();
    expect(app.fake.messages('U02HEAD').map((message) => message.text)).toContain('✅ <@U01HEAD> approved your claim on *NJ-01* 主要负责人亲自督办.');
  });

  it('a claim made by the head’s deputy goes to the parent’s head; the head cannot decide it', async () => {
    expect((await nameDeputy('U02HEAD', { deputy: 'U0OUT', from: '2026-11-25', to: '2026-12-11' })).statusCode).toBe(200);
    await app.send(slashCommand({ user_id: 'U0OUT', text: 'NJ-02 done', channel_id: channel }));
    await drain();
    const request = claimRequest('U01HEAD', 'NJ-02');
    expect(request?.text).toBe('<@U01HEAD>: <@U0OUT> reports *NJ-02* 开展专项督查 as done. Please approve it or return it.');
    const before = await snapshot();
    await press('U02HEAD', approvalId(request!), { channel, ts: app.fake.messages(channel).find((message) => !message.ephemeral)!.ts });
    expect(ephemeralTo('U02HEAD')).toEqual(['You stand in for the person who made this claim, or they for you, so you cannot decide it: someone else must (four eyes).']);
    expect(await snapshot()).toEqual(before);
  });

  it('the root unit’s head’s own claim goes to an admin', async () => {
    await app.send(slashCommand({ user_id: 'U01HEAD', text: 'JS-01 done' }));
    await drain();
    const request = claimRequest('U0ADMIN', 'JS-01');
    expect(request?.text).toBe('<@U0ADMIN>: <@U01HEAD> reports *JS-01* 全省清单汇总 as done. Please approve it or return it.');
    expect(JSON.stringify(request?.blocks)).toContain('Four eyes: no head above may decide this claim, so an administrator decides.');
    await press('U0ADMIN', approvalId(request!), { channel: request!.channel, ts: request!.ts });
    expect(await entries('approved')).toMatchObject([{ item_code: 'JS-01', actor: 'U0ADMIN' }]);
  });

  it('an owner’s claim still goes to the unit’s head, in the channel, and the head’s deputy may decide it', async () => {
    expect((await nameDeputy('U02HEAD', { deputy: 'U0OUT', from: '2026-11-25', to: '2026-12-11' })).statusCode).toBe(200);
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-02 done', channel_id: channel }));
    await drain();
    const request = app.fake.messages(channel).find((message) => message.text?.includes('*NJ-02*') && message.text.includes('as done'));
    expect(request?.text).toBe('<@U0OUT>: <@U03OWN> reports *NJ-02* 开展专项督查 as done. Please approve it or return it.');
    await press('U0OUT', approvalId(request!), { channel, ts: request!.ts });
    expect(await entries('approved')).toMatchObject([{ item_code: 'NJ-02', actor: 'U0OUT' }]);
  });

  describe('the Return form updates the request’s own message, whatever its private_metadata says', () => {
    it('a forged channel and ts are ignored: the request is updated, the other bot message untouched', async () => {
      await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-02 done checked on site', channel_id: channel }));
      await drain();
      const request = app.fake.messages(channel).find((message) => message.text?.includes('*NJ-02*') && message.text.includes('as done'))!;
      const unrelated = app.fake.messages(channel).find((message) => !message.ephemeral && message.ts !== request.ts)!;
      expect(unrelated.user).toBe(request.user);
      const forged = JSON.stringify({ approval: Number(approvalId(request)), channel, ts: unrelated.ts });
      const response = await returnWith('U02HEAD', forged, '缺少现场照片');
      expect(response.statusCode).toBe(200);
      expect(await entries('returned')).toMatchObject([{ item_code: 'NJ-02', actor: 'U02HEAD', details: { reason: '缺少现场照片' } }]);
      expect(app.fake.messages(channel).find((message) => message.ts === request.ts)?.edits).toBe(1);
      expect(JSON.stringify(app.fake.messages(channel).find((message) => message.ts === request.ts)?.blocks)).toContain('↩️ Returned by <@U02HEAD>');
      expect(app.fake.messages(channel).find((message) => message.ts === unrelated.ts)?.edits).toBe(0);
    });

    it.each([
      ['not JSON', '{"approval":'],
      ['no request id', JSON.stringify({ channel: 'C1', ts: '1.2' })],
      ['an id that is not one', JSON.stringify({ approval: 'DROP TABLE' })],
    ])('a form whose metadata is %s is refused in the form, writing nothing', async (_name, metadata) => {
      await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-02 done', channel_id: channel }));
      await drain();
      const before = await snapshot();
      expect((await returnWith('U02HEAD', metadata, 'reason')).json()).toEqual({ response_action: 'errors', errors: { reason: 'This request no longer exists.' } });
      expect(await snapshot()).toEqual(before);
    });
  });
});
