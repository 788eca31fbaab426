import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { blockAction, input, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U02SUP }
lists:
  - unit: JS-NJ
    year: 2026
    items:
      - { code: NJ-01, title: 细化责任清单, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
`;

describe('deputies, from App Home', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_ADMINS: 'U0ADMIN' },
    now: NOW,
    users: [...['U01HEAD', 'U01SUP', 'U02HEAD', 'U02SUP', 'U03OWN', 'U0ADMIN', 'U0LONER'].map((id) => ({ id, locale: 'en-US' })), { id: 'U09DEP', locale: 'zh-CN' }],
  });
  const db = () => app.db;
  const drain = () => app.drain(5000);
  const press = (user: string, actionId: string) => app.send(blockAction({ user, actionId, triggerId: `t-${actionId}` }));
  const submit = (actor: string, deputy: string, from: string, to: string, options: { person?: string; viewId?: string } = {}) =>
    app.send(
      viewSubmission({
        user: actor,
        viewId: options.viewId,
        callbackId: 'deputy_modal',
        values: viewValues({ person: input.user(options.person ?? actor), deputy: input.user(deputy), starts_on: input.date(from), ends_on: input.date(to) }),
      }),
    );
  const periods = () => db().selectFrom('deputies').select(['user_id', 'deputy_user', 'starts_on', 'ends_on', 'named_ends_on', 'created_by', 'ended_by']).orderBy('id').execute();
  const entries = (kind: string) => db().selectFrom('ledger').select(['unit_code', 'kind', 'actor', 'source', 'details']).where('kind', '=', kind).orderBy('id').execute();
  // People are compared by id: the locale cache may note a reader's language, which decides nothing.
  const snapshot = async () => ({
    deputies: await db().selectFrom('deputies').selectAll().execute(),
    people: (await db().selectFrom('people').select('user_id').where('locale_checked_at', 'is', null).orderBy('user_id').execute()).map((row) => row.user_id),
    ledger: (await db().selectFrom('ledger').select('id').execute()).length,
    outbox: (await db().selectFrom('outbox').select('id').execute()).length,
    deliveries: (await db().selectFrom('slack_deliveries').select('key').execute()).length,
  });

  beforeEach(async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await drain();
  });

  it('names a deputy through a modal, on the ledger; shows it on App Home; ends it on the ledger, deleting nothing', async () => {
    await press('U03OWN', 'deputy_open');
    const modal = app.fake.views.find((view) => view.method === 'views.open');
    expect(modal?.view.title.text).toBe('Name a deputy');
    const block = (id: string) => modal?.view.blocks.find((candidate: { block_id?: string }) => candidate.block_id === id);
    expect(block('starts_on').element.initial_date).toBe('2026-11-25');
    expect(block('person').element.initial_user).toBe('U03OWN');
    expect(JSON.stringify(modal?.view.blocks)).toContain('for at most 90 days');

    const saved = await submit('U03OWN', 'U09DEP', '2026-11-30', '2026-12-11');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toBe('');
    expect(await periods()).toEqual([{ user_id: 'U03OWN', deputy_user: 'U09DEP', starts_on: '2026-11-30', ends_on: '2026-12-11', named_ends_on: '2026-12-11', created_by: 'U03OWN', ended_by: null }]);
    expect(await entries('deputy_named')).toEqual([
      { unit_code: 'JS-NJ', kind: 'deputy_named', actor: 'U03OWN', source: 'modal', details: { period: 1, user: 'U03OWN', deputy: 'U09DEP', from: '2026-11-30', to: '2026-12-11' } },
    ]);
    expect(JSON.stringify(app.fake.homeView('U03OWN')?.view.blocks)).toContain('Your deputy: <@U09DEP>, 2026-11-30 to 2026-12-11.');
    // An owner's deputy is nobody else's business: no notice.
    expect(await db().selectFrom('outbox').select('kind').where('kind', '=', 'deputy_notice').execute()).toEqual([]);

    await press('U03OWN', 'deputy_end');
    // Not begun: it never takes effect (its last day in force falls before its first), and the row stays.
    expect(await periods()).toEqual([{ user_id: 'U03OWN', deputy_user: 'U09DEP', starts_on: '2026-11-30', ends_on: '2026-11-29', named_ends_on: '2026-12-11', created_by: 'U03OWN', ended_by: 'U03OWN' }]);
    expect(await entries('deputy_ended')).toEqual([
      { unit_code: 'JS-NJ', kind: 'deputy_ended', actor: 'U03OWN', source: 'button', details: { period: 1, user: 'U03OWN', deputy: 'U09DEP', from: '2026-11-30', to: '2026-12-11', in_force_until: null } },
    ]);
    expect(JSON.stringify(app.fake.homeView('U03OWN')?.view.blocks)).toContain('No deputy');
    // The database itself refuses to delete a period.
    await expect(sql`delete from deputies`.execute(db())).rejects.toThrow(/deputy periods are kept/);
    expect(await periods()).toHaveLength(1);
  });

  it('ends a period under way yesterday, so that from today the person gets their own messages again', async () => {
    await db().insertInto('people').values({ user_id: 'U09DEP' }).execute();
    await db().insertInto('deputies').values({ user_id: 'U03OWN', deputy_user: 'U09DEP', starts_on: '2026-11-20', ends_on: '2026-12-11', named_ends_on: '2026-12-11', created_by: 'U03OWN', units: ['JS-NJ'] }).execute();
    await press('U03OWN', 'deputy_end');
    expect(await periods()).toMatchObject([{ starts_on: '2026-11-20', ends_on: '2026-11-24', named_ends_on: '2026-12-11', ended_by: 'U03OWN' }]);
    expect(await entries('deputy_ended')).toMatchObject([{ unit_code: 'JS-NJ', details: { in_force_until: '2026-11-24' } }]);
  });

  it('the same form submitted three times names one period', async () => {
    const responses = await Promise.all([1, 2, 3].map(() => submit('U03OWN', 'U09DEP', '2026-11-30', '2026-12-11', { viewId: 'V-ONCE' })));
    expect(responses.map((response) => [response.statusCode, response.body])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]);
    expect(await periods()).toHaveLength(1);
    expect(await entries('deputy_named')).toHaveLength(1);
    // A new form for the same time is another naming, and overlaps.
    expect((await submit('U03OWN', 'U09DEP', '2026-11-30', '2026-12-11')).json()).toEqual({
      response_action: 'errors',
      errors: { starts_on: 'There is already a deputy for part of this time: <@U09DEP>, 2026-11-30 to 2026-12-11. End that period first.' },
    });
  });

  it('a head’s deputy is told to the parent unit’s supervisor, when named and when ended', async () => {
    expect((await submit('U02HEAD', 'U09DEP', '2026-11-25', '2026-12-04')).statusCode).toBe(200);
    await press('U02HEAD', 'deputy_end');
    await drain();
    expect(app.fake.messages('U01SUP').map((message) => message.text)).toEqual([
      '👤 <@U02HEAD> named <@U09DEP> as deputy for <@U02HEAD>, head of JS-NJ, from 2026-11-25 to 2026-12-04. Meanwhile prompts, approvals and escalations for the head go to the deputy; the deputy never decides the head’s own claims.',
      '👤 <@U02HEAD> ended the deputy period of <@U09DEP> for <@U02HEAD>, head of JS-NJ.',
    ]);
    expect(await periods()).toMatchObject([{ starts_on: '2026-11-25', ends_on: '2026-11-24', ended_by: 'U02HEAD' }]);
  });

  it.each([
    ['the unit head for an owner', 'U02HEAD', 'U03OWN'],
    ['the parent’s head for a head', 'U01HEAD', 'U02HEAD'],
    ['an admin for a head', 'U0ADMIN', 'U02HEAD'],
  ])('%s may name a deputy', async (_name, actor, person) => {
    expect((await submit(actor, 'U09DEP', '2026-11-25', '2026-12-04', { person })).body).toBe('');
    expect(await periods()).toMatchObject([{ user_id: person, deputy_user: 'U09DEP', created_by: actor }]);
    expect(await entries('deputy_named')).toMatchObject([{ actor, details: { user: person } }]);
  });

  it.each<[string, string, string, string, string, string, Record<string, string>]>([
    ['oneself', 'U03OWN', 'U03OWN', 'U03OWN', '2026-11-30', '2026-12-11', { deputy: 'Choose someone other than yourself.' }],
    ['a period that ends before it starts', 'U03OWN', 'U03OWN', 'U09DEP', '2026-12-11', '2026-11-30', { ends_on: 'The last day must not be before the first.' }],
    ['a period already over', 'U03OWN', 'U03OWN', 'U09DEP', '2026-11-01', '2026-11-20', { ends_on: 'This period has already ended.' }],
    ['a period that began yesterday', 'U03OWN', 'U03OWN', 'U09DEP', '2026-11-24', '2026-11-30', { starts_on: 'The first day must not be in the past.' }],
    ['an outsider until 2100', 'U03OWN', 'U03OWN', 'U0LONER', '2026-11-25', '2100-12-31', { ends_on: 'A deputy period is at most 90 days: with this first day, the last can be 2027-02-22 at the latest.' }],
    ['an owner naming one for their head', 'U03OWN', 'U02HEAD', 'U09DEP', '2026-11-25', '2026-11-30', { person: 'Only the person themself, the head of their unit (for a unit head: the parent unit’s head) or an administrator may name a deputy for someone.' }],
    ['a head naming one for their own superior', 'U02HEAD', 'U01HEAD', 'U09DEP', '2026-11-25', '2026-11-30', { person: 'Only the person themself, the head of their unit (for a unit head: the parent unit’s head) or an administrator may name a deputy for someone.' }],
    ['someone with no duty anywhere', 'U0LONER', 'U0LONER', 'U09DEP', '2026-11-25', '2026-11-30', { person: '<@U0LONER> has no duties in any unit (no items, no unit to head or supervise), so a deputy would stand in for nothing.' }],
  ])('refuses %s beside the field, writing nothing', async (_name, actor, person, deputy, from, to, errors) => {
    const before = await snapshot();
    const response = await submit(actor, deputy, from, to, { person });
    expect(response.json()).toEqual({ response_action: 'errors', errors });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a deactivated deputy, writing nothing (not even the people it would have added)', async () => {
    await db().insertInto('people').values({ user_id: 'U0GONE', deactivated: true }).execute();
    const before = await snapshot();
    expect((await submit('U03OWN', 'U0GONE', '2026-11-25', '2026-11-30')).json()).toEqual({ response_action: 'errors', errors: { deputy: 'This person’s Slack account is deactivated; choose someone who can act.' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses in the person’s language', async () => {
    await db().insertInto('people').values({ user_id: 'U09DEP' }).onConflict((conflict) => conflict.doNothing()).execute();
    await db().insertInto('item_owners').values({ item_code: 'NJ-01', user_id: 'U09DEP', position: 1 }).execute();
    const response = await submit('U09DEP', 'U03OWN', '2026-11-25', '2100-01-01');
    expect(response.json()).toEqual({ response_action: 'errors', errors: { ends_on: '代理期限最长 90 天：按此开始日期，结束日期最晚为 2027-02-22。' } });
  });
});
