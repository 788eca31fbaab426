import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { blockAction, input, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

const at = (local: string) => new Date(`${local}+08:00`);

// JS and JS-NJ have units below them (U01SUP supervises both); JS-SZ is supervised by U03SUP.
// chinese-days has no 2027 yet: Spring Festival 2027 comes from imported calendar days.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U01SUP }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEAD, supervisor: U01SUP }
  - { code: JS-NJ-XW, name: 玄武区纪委, parent: JS-NJ, head: U04HEAD, supervisor: U01SUP }
  - { code: JS-SZ, name: 苏州市纪委, parent: JS, head: U03HEAD, supervisor: U03SUP }
calendar:
${['06', '07', '08', '09', '10', '11', '12'].map((day) => `  - { date: 2027-02-${day}, working: false, name: 春节 }`).join('\n')}
cases:
  - code: JS-NJ-2027-C001
    unit: JS-NJ
    opened: 2027-01-04
    source: petition
    category: 违规收送礼品礼金
    primary: not_fulfilled
    supervisory: fulfilled
    dispositions:
      - { person: P-0001, form: 2, measure: 党内警告, decided: 2027-01-20 }
`;

describe('circulars (通报曝光)', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off' },
    now: at('2027-01-29T10:00:00'),
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03SUP', 'U04HEAD'],
  });
  const load = async () => {
    await app.importDocuments(organisation);
    await setUpChannels({ client: app.bot.bolt!.client, db: app.db, logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    // Each new channel's welcome goes out first, so that what a test counts is its own.
    await app.drain();
    app.fake.clearCalls();
  };
  const tick = async (local: string) => {
    app.clock.set(at(local));
    const result = await app.bot.services.tick();
    await app.drain(10_000);
    return result;
  };
  const reminders = () => app.fake.messages('U01SUP').filter((message) => message.text?.startsWith('📣'));
  const channelOf = async (unit: string) => (await app.db.selectFrom('units').select('channel_id').where('code', '=', unit).executeTakeFirstOrThrow()).channel_id as string;
  const submit = (user: string, fields: { unit?: string; title?: string; text?: string; cases?: string; anonymised?: boolean }, viewId?: string) =>
    app.send(
      viewSubmission({
        user,
        callbackId: 'circular_modal',
        ...(viewId && { viewId }),
        values: viewValues({
          title: input.text(fields.title ?? '关于春节期间违规收送礼品礼金问题的通报'),
          text: input.text(fields.text ?? '节前重申纪律要求，现将典型案例通报如下。'),
          cases: input.text(fields.cases ?? 'JS-NJ-2027-C001'),
          unit: input.select(fields.unit ?? 'JS'),
          anonymised: { type: 'checkboxes', selected_options: fields.anonymised === false ? [] : [{ value: 'yes' }] },
        }),
      }),
    );

  it('reminds the supervisors of units with children N working days before Spring Festival 2027, once per unit', async () => {
    await load();
    // Friday 29 January: six working days before Saturday 6 February: not yet.
    expect((await tick('2027-01-29T10:00:00')).decided.circular_reminders).toBeUndefined();
    // Monday 1 February: five working days before.
    expect((await tick('2027-02-01T09:31:00')).decided.circular_reminders).toBe(2);
    expect(reminders().map((message) => message.text)).toEqual([
      '📣 The Spring Festival (春节) holiday begins on 2027-02-06. Please prepare a circular of typical cases (通报曝光) for *JS* 江苏省纪委 and the units below it: App Home → Send a circular.',
      '📣 The Spring Festival (春节) holiday begins on 2027-02-06. Please prepare a circular of typical cases (通报曝光) for *JS-NJ* 南京市纪委 and the units below it: App Home → Send a circular.',
    ]);
    expect(app.fake.messages('U03SUP')).toEqual([]);
    // The same tick again, and the next day's, send nothing more.
    expect((await tick('2027-02-01T09:31:00')).decided.circular_reminders).toBeUndefined();
    expect((await tick('2027-02-02T09:31:00')).decided.circular_reminders).toBeUndefined();
    expect(reminders()).toHaveLength(2);
    const entries = await app.db.selectFrom('ledger').select(['unit_code', 'kind', 'source']).where('kind', '=', 'circular_reminded').orderBy('id').execute();
    expect(entries).toEqual([
      { unit_code: 'JS', kind: 'circular_reminded', source: 'scheduler' },
      { unit_code: 'JS-NJ', kind: 'circular_reminded', source: 'scheduler' },
    ]);
  });

  it('posts a composed circular to every channel in scope exactly once, also when Slack answers 429 in between', async () => {
    await load();
    app.clock.set(at('2027-02-01T10:00:00'));
    await app.send(blockAction({ user: 'U01SUP', actionId: 'circular_open' }));
    await expect.poll(() => app.fake.views.find((view) => view.method === 'views.open')?.view.callback_id).toBe('circular_modal');

    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const response = await submit('U01SUP', {}, 'V-circular-1');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    // The same form submitted again (a double click, a retry) sends nothing more.
    await submit('U01SUP', {}, 'V-circular-1');
    await app.drain(1000);
    // Retry-After is honoured on the bot's clock: move it on until nothing is pending.
    for (let i = 0; i < 10 && (await app.db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length; i++) {
      app.clock.advance(60_000);
      await app.drain(5000);
    }
    expect(app.fake.calls.filter((call) => call.method === 'chat.postMessage').length).toBe(5);
    for (const unit of ['JS', 'JS-NJ', 'JS-NJ-XW', 'JS-SZ']) {
      const posted = app.fake.messages(await channelOf(unit)).filter((message) => message.text?.startsWith('📢'));
      expect(posted.map((message) => message.text)).toEqual(['📢 关于春节期间违规收送礼品礼金问题的通报']);
      const blocks = JSON.stringify(posted[0]?.blocks);
      expect(blocks).toContain('JS-NJ-2027-C001');
      expect(blocks).toContain('违规收送礼品礼金');
      // Anonymised: the person's reference stays out.
      expect(blocks).not.toContain('P-0001');
    }
    const entries = await app.db.selectFrom('ledger').select(['unit_code', 'kind', 'actor', 'details']).where('kind', '=', 'circular_sent').execute();
    expect(entries).toMatchObject([{ unit_code: 'JS', kind: 'circular_sent', actor: 'U01SUP', details: { cases: ['JS-NJ-2027-C001'], anonymised: true, channels: ['JS', 'JS-NJ', 'JS-NJ-XW', 'JS-SZ'] } }]);
    expect(app.fake.violations).toEqual([]);
  });

  it('a scope is a unit\'s subtree: Suzhou\'s supervisor reaches Suzhou only, and cannot cite another unit\'s case', async () => {
    await load();
    app.clock.set(at('2027-02-01T10:00:00'));
    expect((await submit('U03SUP', { unit: 'JS' })).json()).toEqual({
      response_action: 'errors',
      errors: { unit: 'You do not supervise unit JS nor any unit above it: its cases are not yours to record or see.' },
    });
    expect((await submit('U03SUP', { unit: 'JS-SZ' })).json()).toEqual({ response_action: 'errors', errors: { cases: 'There is no case JS-NJ-2027-C001 that you may cite.' } });
    expect((await submit('U03SUP', { unit: 'JS-SZ', cases: '', anonymised: false })).statusCode).toBe(200);
    await app.drain();
    expect(app.fake.messages(await channelOf('JS-SZ')).filter((message) => message.text?.startsWith('📢'))).toHaveLength(1);
    expect(app.fake.messages(await channelOf('JS')).filter((message) => message.text?.startsWith('📢'))).toHaveLength(0);
  });

  it('refuses someone who supervises nothing, writing nothing', async () => {
    await load();
    app.clock.set(at('2027-02-01T10:00:00'));
    await app.send(blockAction({ user: 'U02HEAD', actionId: 'circular_open' }));
    await expect.poll(() => app.fake.views.find((view) => view.method === 'views.open')).toBeDefined();
    expect(JSON.stringify(app.fake.views.find((view) => view.method === 'views.open')?.view.blocks)).toContain('Only supervisors (of a unit or of a unit above it) and admins send circulars.');
    const outbox = (await app.db.selectFrom('outbox').select('id').execute()).length;
    expect((await submit('U02HEAD', {})).json()).toEqual({ response_action: 'errors', errors: { title: 'Only supervisors (of a unit or of a unit above it) and admins send circulars.' } });
    expect(await app.db.selectFrom('circulars').selectAll().execute()).toEqual([]);
    expect((await app.db.selectFrom('outbox').select('id').execute()).length).toBe(outbox);
  });
});
