import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/services/importer.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { JS, JS_NJ, JS_SZ, organisation } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

const at = (local: string) => new Date(`${local}+08:00`);

const cases = `cases:
  - code: JS-NJ-2026-C001
    unit: JS-NJ
    opened: 2026-03-02
    source: petition
    category: 违反中央八项规定精神
    primary: not_fulfilled
    supervisory: fulfilled
    dispositions:
      - { person: P-0001, form: 1, measure: 谈话提醒, decided: 2026-04-10 }
      - { person: P-0001, form: 2, measure: 警告, decided: 2026-05-10 }
  - code: JS-SZ-2026-C001
    unit: JS-SZ
    opened: 2026-08-03
    source: patrol
    category: 违反廉洁纪律
    dispositions:
      - { person: P-0100, form: 3, measure: 撤销党内职务, decided: 2026-09-15 }
`;

describe('the parent unit\'s digest and the cases', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off' }, now: at('2026-11-13T15:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD'] });

  it('carries one line of counts for the subtree, and nothing of a case by name', async () => {
    const outcome = await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation({ units: [JS, JS_NJ, JS_SZ] }) + cases }]);
    expect(outcome.ok).toBe(true);
    await setUpChannels({ client: app.bot.bolt!.client, db: app.db, logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    app.clock.set(at('2026-11-13T16:00:00'));
    expect((await app.bot.services.tick()).decided.digests).toBe(3);
    await app.drain(10_000);
    const channelOf = async (unit: string) => (await app.db.selectFrom('units').select('channel_id').where('code', '=', unit).executeTakeFirstOrThrow()).channel_id as string;
    const digestOf = async (unit: string) => app.fake.messages(await channelOf(unit)).find((message) => message.text?.startsWith('Weekly digest'));
    const parent = JSON.stringify((await digestOf('JS'))?.blocks);
    expect(parent).toContain('Accountability 2026, this unit and those below: 2 cases · 3 person-times (2 people) · forms 1/2/3/4: 1 (33.4%) / 1 (33.3%) / 1 (33.3%) / 0 (0%)');
    // The parent's chart draws the four forms below the lights, in the same image; a child's has the lights alone.
    const chartHeight = (unit: string) => app.fake.files.find((file) => file.filename === `zeren-${unit}-2026-W46.png`)?.data?.readUInt32BE(20);
    expect(chartHeight('JS')).toBe(560);
    expect(chartHeight('JS-NJ')).toBe(320);
    const forms = await app.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', 'digest_chart:JS:2026-W46').executeTakeFirstOrThrow();
    expect((typeof forms.payload === 'string' ? JSON.parse(forms.payload) : forms.payload).forms).toEqual({ year: 2026, forms: [1, 1, 1, 0], shares: [33.4, 33.3, 33.3, 0] });
    // A unit without children has no such line; nobody's reference, no case code or measure appears anywhere.
    expect(JSON.stringify((await digestOf('JS-NJ'))?.blocks)).not.toContain('Accountability');
    const everything = JSON.stringify(app.fake.messages());
    for (const secret of ['P-0001', 'P-0100', 'JS-NJ-2026-C001', 'JS-SZ-2026-C001', '谈话提醒', '撤销党内职务', '违反廉洁纪律']) expect(everything).not.toContain(secret);
  });

  it('draws the weeks before from the earlier digests; one whose stored payload no longer reads is left out', async () => {
    expect((await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation({ units: [JS, JS_NJ, JS_SZ] }) }])).ok).toBe(true);
    await setUpChannels({ client: app.bot.bolt!.client, db: app.db, logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    app.clock.set(at('2026-11-13T16:00:00'));
    expect((await app.bot.services.tick()).decided.digests).toBe(3);
    // Suzhou's digest of week 46 was stored by an older version, in a shape the contract no longer reads.
    await app.db.updateTable('outbox').set({ payload: JSON.stringify({ unit: 'JS-SZ', week: '2026-W46' }) }).where('idempotency_key', '=', 'digest:JS-SZ:2026-W46').execute();
    app.clock.set(at('2026-11-20T16:00:00'));
    expect((await app.bot.services.tick()).decided.digests).toBe(3);
    const weeks = async (unit: string) => {
      const row = await app.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', `digest_chart:${unit}:2026-W47`).executeTakeFirstOrThrow();
      return ((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { weeks: { week: string }[] }).weeks.map((entry) => entry.week);
    };
    expect(await weeks('JS-NJ')).toEqual(['2026-W46', '2026-W47']);
    expect(await weeks('JS-SZ')).toEqual(['2026-W47']);
  });
});
