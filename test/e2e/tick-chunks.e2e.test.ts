import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { planRun, rangeDone, takeRange, runOf } from '../../src/services/tick-chunks.js';
import { tick } from '../../src/services/tick.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { JS, JS_NJ, JS_SZ, organisation, weeklyItem } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);
const MONDAY = at('2026-11-09T09:31:00');

// Three units of 2, 3 and 3 weekly items: with three items a range, each unit is a range of its own.
const document = organisation({
  units: [JS, JS_NJ, JS_SZ],
  lists: [
    { unit: 'JS', year: 2026, items: ['JS-1', 'JS-2'].map((code) => weeklyItem(code, '2026-11-09')) },
    { unit: 'JS-NJ', year: 2026, items: ['NJ-1', 'NJ-2', 'NJ-3'].map((code) => weeklyItem(code, '2026-11-09')) },
    { unit: 'JS-SZ', year: 2026, items: ['SZ-1', 'SZ-2', 'SZ-3'].map((code) => weeklyItem(code, '2026-11-09')) },
  ],
});

describe('the chunked tick', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off' }, now: at('2026-11-02T08:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03HEAD', 'U03OWN', 'U04OWN'] });
  const db = () => app.db;
  const load = async () => {
    await app.importDocuments({ name: 'org.yaml', content: document });
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
  };
  const tickAt = (now: Date) => tick({ db: db(), now, timeZone: 'Asia/Shanghai', workingHours: ['09:00', '18:00'], chunkItems: 3 });
  const prompted = async () => (await db().selectFrom('ledger').select('item_code').where('kind', '=', 'prompted').orderBy('item_code').execute()).map((row) => row.item_code);
  const promptMessages = async () => (await db().selectFrom('outbox').select(['kind', 'payload']).where('kind', 'in', ['prompt', 'prompts']).execute()).length;

  it('decides a range of units at a time, each in its own transaction, with the same decisions and one prompt per unit', async () => {
    await load();
    const result = await tickAt(MONDAY);
    expect(result).toMatchObject({ items: 8, decided: { prompted: 8 }, enqueued: 3 });
    expect(await prompted()).toEqual(['JS-1', 'JS-2', 'NJ-1', 'NJ-2', 'NJ-3', 'SZ-1', 'SZ-2', 'SZ-3']);
    expect(await promptMessages()).toBe(3);
    const ranges = await db().selectFrom('tick_chunks').select(['lo', 'hi', 'items', 'done_at']).where('run', '=', runOf(MONDAY)).orderBy('lo').execute();
    expect(ranges.map(({ lo, hi, items }) => [lo, hi, items])).toEqual([
      ['', 'JS-NJ', 2],
      ['JS-NJ', 'JS-SZ', 3],
      ['JS-SZ', null, 3],
    ]);
    expect(ranges.every((range) => range.done_at)).toBe(true);
    // The same minute again (a replay, a replica after the first): every range decided again, nothing new.
    expect(await tickAt(MONDAY)).toMatchObject({ items: 8, decided: {}, enqueued: 0 });
    app.clock.set(MONDAY);
    await app.drain(10_000);
    const keys = app.fake.messages().map((message) => String((message.metadata as { event_payload?: { key?: string } })?.event_payload?.key));
    expect(keys.filter((key) => key.startsWith('prompt')).map((key) => key.split(':').slice(0, 2).join(':')).sort()).toEqual(['prompts:JS', 'prompts:JS-NJ', 'prompts:JS-SZ']);
  });

  it('does not take a range decided by another tick of the run since this one began; takes it in a later tick', async () => {
    await load();
    const planned = await planRun(db(), MONDAY, '2026-11-09', 3);
    const [first, second] = planned.ranges;
    // Another replica decides the first range after this tick began.
    await db().transaction().execute((trx) => rangeDone(trx, planned, first!));
    expect(await db().transaction().execute((trx) => takeRange(trx, planned, first!))).toBe(false);
    expect(await db().transaction().execute((trx) => takeRange(trx, planned, second!))).toBe(true);
    // A tick that begins later in the same minute reads the same ranges, and takes them all.
    const later = await planRun(db(), MONDAY, '2026-11-09', 1000);
    expect(later.ranges).toEqual(planned.ranges);
    expect(await db().transaction().execute((trx) => takeRange(trx, later, first!))).toBe(true);
  });

  // A second connection holds a range's row: only PostgreSQL has one beside the test's (PGlite is a single session).
  it.runIf(process.env.DATABASE_URL)('skips a range another replica is deciding (SKIP LOCKED), and a later tick decides it', async () => {
    await load();
    const planned = await planRun(db(), MONDAY, '2026-11-09', 3);
    let locked!: () => void;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = db()
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('tick_chunks').select('lo').where('run', '=', planned.run).where('lo', '=', 'JS-NJ').forUpdate().execute();
        locked();
        await released;
      });
    await holding;
    const meanwhile = await tickAt(MONDAY);
    release();
    await holder;
    expect(meanwhile).toMatchObject({ items: 5, decided: { prompted: 5 }, enqueued: 2 });
    expect(await prompted()).toEqual(['JS-1', 'JS-2', 'SZ-1', 'SZ-2', 'SZ-3']);
    const after = await tickAt(MONDAY);
    expect(after).toMatchObject({ items: 8, decided: { prompted: 3 }, enqueued: 1 });
    expect(await prompted()).toHaveLength(8);
  });
});
