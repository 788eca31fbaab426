import { sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { enqueueNew, writtenKeys } from '../../src/outbox/outbox.js';
import { importFiles } from '../../src/services/importer.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { JS, JS_NJ, organisation as orgDocument, weeklyItem, itemLine } from '../support/fixtures.js';
import { slashCommand } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);
const organisation = (items: string) => orgDocument({ units: [JS, JS_NJ], lists: [{ unit: 'JS-NJ', year: 2026, items: [] }] }) + `${items}\n`;

/**
 * Sent outbox rows are pruned after ZEREN_OUTBOX_RETENTION_DAYS (issue 15 point 5), and pruning
 * never makes anything be sent twice: a replayed tick, a digest or a circular reminder decided by
 * its key, a channel's welcome, all find the pruned key and write nothing.
 */
describe('outbox pruning', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_OUTBOX_RETENTION_DAYS: '90' }, now: at('2026-11-02T08:00:00'), users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN'] });
  const db = () => app.db;
  const tick = async (local: string) => {
    app.clock.set(at(local));
    const result = await app.bot.services.tick();
    await app.drain(10_000);
    return result;
  };
  const setUp = () => setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
  /** Moves every sent row `days` further into the past, as if that much time had gone by. */
  const age = (days: number) =>
    db()
      .updateTable('outbox')
      .set({ sent_at: sql`sent_at - ${days} * interval '1 day'`, created_at: sql`created_at - ${days} * interval '1 day'` })
      .where('state', '=', 'sent')
      .execute();
  const kinds = async () => (await db().selectFrom('outbox').select('kind').where('state', '=', 'sent').orderBy('kind').execute()).map((row) => row.kind);

  it('prunes what is read back only after 400 days, the rest after the retention; a replayed tick afterwards sends nothing again', async () => {
    const outcome = await importFiles(app.deps(), [{ name: 'org.yaml', content: organisation(itemLine(weeklyItem('NJ-01', '2026-11-09'))) }]);
    expect(outcome.ok).toBe(true);
    await setUp();
    const schedule = ['2026-11-09T09:31:00', '2026-11-11T09:31:00', '2026-11-13T17:00:00'];
    expect((await tick(schedule[0]!)).decided).toEqual({ prompted: 1 });
    expect((await tick(schedule[1]!)).decided).toEqual({ reminded: 1 });
    app.clock.set(at('2026-11-12T10:00:00'));
    await app.send(slashCommand({ user_id: 'U03OWN', text: 'NJ-01 30% on-track' }));
    expect((await tick(schedule[2]!)).decided).toEqual({ digests: 2 });
    await app.drain(10_000);
    const sent = await kinds();
    expect(sent).toEqual(expect.arrayContaining(['approval_request', 'channel_welcome', 'digest', 'prompt', 'reminder', 'reminder_thread', 'report_notice']));
    const messages = app.fake.messages().length;
    expect(messages).toBeGreaterThanOrEqual(sent.length);

    // Within the retention nothing goes.
    expect(await app.bot.services.outbox.prune()).toEqual({ pruned: 0, lanes: 0 });
    // Past it: the notices and welcomes, not what the schedule and the threads read back.
    await age(100);
    const short = await app.bot.services.outbox.prune();
    const kept = ['approval_request', 'digest', 'digest_chart', 'prompt', 'reminder', 'reminder_thread'];
    expect(await kinds()).toEqual(sent.filter((kind) => kept.includes(kind)));
    expect(short.pruned).toBe(sent.length - (await kinds()).length);
    await age(310);
    expect((await app.bot.services.outbox.prune()).pruned).toBe(sent.length - short.pruned);
    expect(await kinds()).toEqual([]);
    const tombstones = await db().selectFrom('outbox_pruned').select(['idempotency_key', 'kind']).execute();
    expect(tombstones).toHaveLength(sent.length);

    // Replayed: the same instants decide nothing new, and nothing reaches Slack again.
    for (const local of schedule) {
      const replay = await tick(local);
      expect(replay.decided, local).toEqual({});
      expect(replay.enqueued, local).toBe(0);
    }
    await setUp();
    await app.drain(10_000);
    expect(app.fake.messages()).toHaveLength(messages);
    expect(await db().selectFrom('outbox').select('idempotency_key').execute()).toEqual([]);
  });

  it('prunes in bounded batches and never a pending or failed row', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 200 * 86_400_000);
    const row = (key: string, state: 'sent' | 'pending' | 'failed') => ({
      idempotency_key: key,
      kind: 'report_notice',
      payload: JSON.stringify({ unit: 'U', channel: 'C1', item: 'I', title: key, actor: 'U1' }),
      lane: 'C1',
      state,
      not_before: old,
      created_at: old,
      sent_at: state === 'sent' ? old : null,
    });
    await db()
      .insertInto('outbox')
      .values([...Array.from({ length: 7 }, (_, i) => row(`s${i}`, 'sent')), row('p', 'pending'), row('f', 'failed')])
      .execute();
    const { pruneOutbox } = await import('../../src/outbox/prune.js');
    expect(await pruneOutbox(db(), { now, retentionDays: 90, batchSize: 3, maxBatches: 2 })).toEqual({ pruned: 6, lanes: 0 });
    expect(await pruneOutbox(db(), { now, retentionDays: 90, batchSize: 3, maxBatches: 2 })).toEqual({ pruned: 1, lanes: 0 });
    expect((await db().selectFrom('outbox').select('idempotency_key').orderBy('idempotency_key').execute()).map((r) => r.idempotency_key)).toEqual(['f', 'p']);
    // A pruned key written again (a replay, a retry of the decision that wrote it) is still the first's: nothing new.
    const again = (key: string) => ({ key, kind: 'report_notice' as const, lane: 'C1', payload: { unit: 'U', channel: 'C1', item: 'I', title: key, actor: 'U1' } });
    expect(await enqueueNew(db(), [again('s0'), again('s6'), again('new')], now)).toEqual(['new']);
    expect(await writtenKeys(db(), ['s0', 'p', 'new', 'never'])).toEqual(new Set(['s0', 'p', 'new']));
    // An instant ahead of the wall clock prunes nothing early.
    await db().insertInto('outbox').values(row('fresh', 'sent')).execute();
    await db().updateTable('outbox').set({ sent_at: now }).where('idempotency_key', '=', 'fresh').execute();
    expect((await pruneOutbox(db(), { now: new Date(now.getTime() + 365 * 86_400_000), retentionDays: 90 })).pruned).toBe(0);
  });
});
