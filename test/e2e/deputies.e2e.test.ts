import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { interaction } from '../support/sign.js';

const NOW = new Date('2026-11-25T02:00:00Z');

describe('deputies, from App Home', () => {
  let app: TestApp;
  const db = () => app.testDb.db.kysely;
  const press = (user: string, actionId: string) =>
    app.send(interaction({ type: 'block_actions', user: { id: user }, trigger_id: `t-${actionId}`, actions: [{ type: 'button', action_id: actionId, block_id: 'b', action_ts: '1' }] }));
  const submit = (user: string, deputy: string, from: string, to: string) =>
    app.send(
      interaction({
        type: 'view_submission',
        user: { id: user },
        view: {
          id: `V-${Math.random()}`,
          type: 'modal',
          callback_id: 'deputy_modal',
          private_metadata: '',
          hash: 'h',
          state: {
            values: {
              deputy: { deputy: { type: 'users_select', selected_user: deputy } },
              starts_on: { starts_on: { type: 'datepicker', selected_date: from } },
              ends_on: { ends_on: { type: 'datepicker', selected_date: to } },
            },
          },
        },
      }),
    );

  beforeAll(async () => {
    app = await buildTestApp({ ZEREN_LOCALE: 'en' }, { clock: () => NOW });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.testDb.reset();
    app.fake.reset();
    app.fake.addUser({ id: 'U03OWN', locale: 'en-US' });
    app.fake.addUser({ id: 'U09DEP', locale: 'zh-CN' });
  });

  it('names a deputy for a period through a modal, shows it on App Home, and ends it', async () => {
    await press('U03OWN', 'deputy_open');
    const modal = app.fake.views.find((view) => view.method === 'views.open');
    expect(modal?.view.title.text).toBe('Name a deputy');
    expect(modal?.view.blocks.find((block: { block_id?: string }) => block.block_id === 'starts_on').element.initial_date).toBe('2026-11-25');

    const saved = await submit('U03OWN', 'U09DEP', '2026-11-30', '2026-12-11');
    expect(saved.statusCode).toBe(200);
    expect(await db().selectFrom('deputies').select(['user_id', 'deputy_user', 'starts_on', 'ends_on']).execute()).toEqual([
      { user_id: 'U03OWN', deputy_user: 'U09DEP', starts_on: '2026-11-30', ends_on: '2026-12-11' },
    ]);
    expect(JSON.stringify(app.fake.homeView('U03OWN')?.view.blocks)).toContain('Your deputy: <@U09DEP>, 2026-11-30 to 2026-12-11.');

    await press('U03OWN', 'deputy_end');
    expect(await db().selectFrom('deputies').selectAll().execute()).toEqual([]);
    expect(JSON.stringify(app.fake.homeView('U03OWN')?.view.blocks)).toContain('No deputy');
    expect(app.fake.violations).toEqual([]);
  });

  it.each([
    ['oneself', 'U03OWN', '2026-11-30', '2026-12-11', { deputy: 'Choose someone other than yourself.' }],
    ['a period that ends before it starts', 'U09DEP', '2026-12-11', '2026-11-30', { ends_on: 'The last day must not be before the first.' }],
    ['a period already over', 'U09DEP', '2026-11-01', '2026-11-20', { ends_on: 'This period has already ended.' }],
  ])('refuses %s beside the field, writing nothing', async (_name, deputy, from, to, errors) => {
    const response = await submit('U03OWN', deputy, from, to);
    expect(response.json()).toEqual({ response_action: 'errors', errors });
    expect(await db().selectFrom('deputies').selectAll().execute()).toEqual([]);
  });
});
