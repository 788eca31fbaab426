import { beforeEach, describe, expect, it } from 'vitest';
import { blockAction, eventCallback, viewSubmission } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');
// U01SUP supervises JS (and so every unit under it); U03SUP supervises Suzhou only.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }
  - { code: JS-SZ, name: 苏州市纪委, parent: JS, head: U03HEAD, supervisor: U03SUP }
lists:
  - unit: JS-NJ
    year: 2026
    items:
      - { code: NJ-01, title: 细化责任清单, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
`;

type Fields = { code?: string; unit?: string; opened?: string; source?: string; category?: string; primary?: string; supervisory?: string; dispositions?: string; accountability?: string };
const good: Fields = {
  code: 'JS-NJ-2026-C009',
  unit: 'JS-NJ',
  opened: '2026-03-02',
  source: 'petition',
  category: '违反中央八项规定精神',
  primary: 'not_fulfilled',
  supervisory: 'fulfilled',
  dispositions: 'P-0001 2 警告 2026-04-10\nP-0002 1 谈话 提醒 2026-04-12',
  accountability: 'JS-NJ primary 通报 2026-05-01',
};

describe('accountability cases in Slack', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_ADMINS: 'U0ADMIN' }, now: NOW, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03SUP', 'U03OWN', 'U0ADMIN'] });
  const db = () => app.db;
  const press = (user: string, actionId: string) => app.send(blockAction({ user, actionId, triggerId: `t-${actionId}-${user}` }));
  const select = (value: string | undefined) => ({ type: 'static_select', selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null });
  const input = (value: string | undefined) => ({ type: 'plain_text_input', value: value ?? null });
  const submit = (actor: string, fields: Fields) =>
    app.send(
      viewSubmission({
        user: actor,
        callbackId: 'case_modal',
        values: {
          code: { code: input(fields.code) },
          unit: { unit: select(fields.unit) },
          opened: { opened: { type: 'datepicker', selected_date: fields.opened ?? null } },
          source: { source: select(fields.source) },
          category: { category: input(fields.category) },
          primary: { primary: select(fields.primary) },
          supervisory: { supervisory: select(fields.supervisory) },
          dispositions: { dispositions: input(fields.dispositions) },
          accountability: { accountability: input(fields.accountability) },
        },
      }),
    );
  const snapshot = async () => ({
    cases: await db().selectFrom('cases').selectAll().execute(),
    dispositions: await db().selectFrom('case_dispositions').selectAll().execute(),
    ledger: (await db().selectFrom('ledger').select('id').execute()).length,
  });

  beforeEach(async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
  });

  it('App Home offers the case buttons to supervisors and admins only', async () => {
    for (const user of ['U01SUP', 'U03OWN', 'U0ADMIN']) {
      expect((await app.send(eventCallback({ type: 'app_home_opened', user, tab: 'home' }, { eventId: `Ev-${user}` }))).statusCode).toBe(200);
    }
    const buttons = async (user: string) => {
      await expect.poll(() => app.fake.homeView(user)).toBeDefined();
      return JSON.stringify(app.fake.homeView(user)?.view.blocks);
    };
    expect(await buttons('U01SUP')).toContain('Record a case');
    expect(await buttons('U0ADMIN')).toContain('Record a case');
    expect(await buttons('U03OWN')).not.toContain('Record a case');
  });

  it('a supervisor records a case through the modal, on the ledger of its unit', async () => {
    await press('U01SUP', 'case_open');
    await expect.poll(() => app.fake.views.find((view) => view.method === 'views.open')).toBeDefined();
    const modal = app.fake.views.find((view) => view.method === 'views.open');
    expect(modal?.view.callback_id).toBe('case_modal');
    // The units offered are the supervisor's subtree.
    const unitBlock = (modal?.view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find((block) => block.block_id === 'unit');
    expect(unitBlock?.element?.options?.map((option) => option.value)).toEqual(['JS', 'JS-NJ', 'JS-SZ']);

    const response = await submit('U01SUP', good);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    const cases = await db().selectFrom('cases').selectAll().execute();
    expect(cases).toMatchObject([{ code: 'JS-NJ-2026-C009', unit_code: 'JS-NJ', primary_finding: 'not_fulfilled', supervisory_finding: 'fulfilled' }]);
    const dispositions = await db().selectFrom('case_dispositions').select(['person_ref', 'form', 'measure', 'decided']).orderBy('position').execute();
    expect(dispositions).toEqual([
      { person_ref: 'P-0001', form: 2, measure: '警告', decided: '2026-04-10' },
      { person_ref: 'P-0002', form: 1, measure: '谈话 提醒', decided: '2026-04-12' },
    ]);
    const entries = await db().selectFrom('ledger').select(['unit_code', 'kind', 'actor', 'source']).where('kind', 'like', 'case_%').execute();
    expect(entries).toEqual([{ unit_code: 'JS-NJ', kind: 'case_recorded', actor: 'U01SUP', source: 'modal' }]);
  });

  it('amends a case: picked by code, the modal comes pre-filled, the change is an amendment', async () => {
    await submit('U01SUP', good);
    await press('U01SUP', 'case_amend');
    await expect.poll(() => app.fake.views.find((view) => view.method === 'views.open')?.view.callback_id).toBe('case_pick');
    const pick = (actor: string, code: string) =>
      app.send(viewSubmission({ user: actor, viewId: 'V-pick', callbackId: 'case_pick', values: { code: { code: input(code) } } }));
    // Someone who may not see the case learns nothing of it.
    expect((await pick('U03SUP', 'JS-NJ-2026-C009')).json()).toEqual({ response_action: 'errors', errors: { code: 'There is no case JS-NJ-2026-C009 that you may amend.' } });
    const picked = (await pick('U01SUP', 'JS-NJ-2026-C009')).json() as { response_action: string; view: { callback_id: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] } };
    expect(picked.response_action).toBe('update');
    expect(picked.view.callback_id).toBe('case_modal');
    expect(picked.view.blocks.find((block) => block.block_id === 'dispositions')?.element?.initial_value).toBe('P-0001 2 警告 2026-04-10\nP-0002 1 谈话 提醒 2026-04-12');

    await submit('U01SUP', { ...good, dispositions: 'P-0001 3 撤销党内职务 2026-04-10' });
    const entries = await db().selectFrom('ledger').select(['kind', 'details']).where('kind', 'like', 'case_%').orderBy('id').execute();
    expect(entries.map((entry) => entry.kind)).toEqual(['case_recorded', 'case_amended']);
    expect(Object.keys((entries[1]?.details as { changes: object }).changes)).toEqual(['dispositions']);
    // The same form again changes nothing.
    const before = await snapshot();
    await submit('U01SUP', { ...good, dispositions: 'P-0001 3 撤销党内职务 2026-04-10' });
    expect(await snapshot()).toEqual(before);
  });

  it('a non-supervisor is refused with a clear message, and nothing is written', async () => {
    await press('U03OWN', 'case_open');
    await expect.poll(() => app.fake.views.find((view) => view.method === 'views.open')).toBeDefined();
    const refusal = app.fake.views.find((view) => view.method === 'views.open');
    expect(refusal?.view.callback_id).toBeUndefined();
    expect(JSON.stringify(refusal?.view.blocks)).toContain('Only supervisors (of a unit or of a unit above it) and admins record accountability cases.');
    const before = await snapshot();
    expect((await submit('U03OWN', good)).json()).toEqual({ response_action: 'errors', errors: { code: 'Only supervisors (of a unit or of a unit above it) and admins record accountability cases.' } });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a unit they do not supervise', 'U03SUP', { unit: 'JS-NJ' }, { unit: 'You do not supervise unit JS-NJ nor any unit above it: its cases are not yours to record or see.' }],
    ['a form outside 1–4', 'U01SUP', { dispositions: 'P-0001 2 警告 2026-04-10\nP-0003 5 开除 2026-04-10' }, { dispositions: 'line 2: must be a form of accountability 1, 2, 3 or 4 (四种形态)' }],
    ['a disposition before the case opened', 'U01SUP', { dispositions: 'P-0001 2 警告 2026-03-01' }, { dispositions: 'line 1: is decided on 2026-03-01, before the case was opened on 2026-03-02' }],
    ['a line that is not four parts', 'U01SUP', { dispositions: 'P-0001 警告' }, { dispositions: 'line 1 ("P-0001 警告") needs four parts separated by spaces, e.g. P-0001 2 警告 2026-04-10' }],
    ['a bad responsibility', 'U01SUP', { accountability: 'JS-NJ both 通报 2026-05-01' }, { accountability: 'line 1: must be "primary" (主体责任) or "supervisory" (监督责任)' }],
    ['a bad code', 'U01SUP', { code: 'C 1' }, { code: 'must be letters, digits, ".", "_" and "-" (starting with a letter or digit), at most 64 characters' }],
  ] as const)('refuses %s beside the field, writing nothing', async (_name, actor, change, errors) => {
    const before = await snapshot();
    expect((await submit(actor, { ...good, ...change })).json()).toEqual({ response_action: 'errors', errors });
    expect(await snapshot()).toEqual(before);
  });
});
