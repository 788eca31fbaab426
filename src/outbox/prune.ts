import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { outboxBody, type OutboxKind } from './messages.js';

/**
 * Kinds that are read back after they were sent, kept at least {@link KEPT_DAYS} days whatever the
 * retention: the scheduler counts silence from delivered prompts and says which reminders and
 * escalations reached someone (services/delivered.ts), a reminder's reply threads on its prompt's
 * posted ts and a digest's chart on its digest's (deliveries.postedAs), a digest draws the last
 * weeks' digests, and an approval's request message is updated when it is decided.
 */
export const KEPT_KINDS: readonly OutboxKind[] = ['prompt', 'reminder', 'reminder_thread', 'escalation', 'prompts', 'reminders', 'reminder_threads', 'escalations', 'digest', 'digest_chart', 'approval_request'];
export const KEPT_DAYS = 400;

const ALL_KINDS: readonly string[] = outboxBody.options.map((option) => option.shape.kind.value);
const DAY_MS = 86_400_000;

export interface PruneResult {
  /** Sent rows deleted (their keys kept in outbox_pruned). */
  pruned: number;
  /** Lanes' shared rows forgotten (free for more than a day). */
  lanes: number;
}

/**
 * Deletes sent outbox rows older than the retention (by `sent_at`), in bounded batches, oldest
 * first; each deleted row leaves its key in `outbox_pruned` in the same statement, and writing a
 * pruned key again keeps nothing (outbox.ts), so that no replay (a tick at an earlier instant, a
 * digest or a circular reminder decided by its key) sends a pruned message twice. Pending and
 * failed rows are never pruned, nor rows of kinds outside the message contract. The tombstones
 * are a key and two instants each and are kept.
 *
 * `now` is capped by the wall clock: `zeren tick --at` a future instant prunes nothing early.
 */
export async function pruneOutbox(
  db: Kysely<Database>,
  options: { now: Date; retentionDays: number; batchSize?: number; maxBatches?: number },
): Promise<PruneResult> {
  const now = new Date(Math.min(options.now.getTime(), Date.now()));
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 4;
  const kept = new Set<string>(KEPT_KINDS);
  const classes = [
    { kinds: ALL_KINDS.filter((kind) => !kept.has(kind)), before: new Date(now.getTime() - options.retentionDays * DAY_MS) },
    { kinds: [...KEPT_KINDS], before: new Date(now.getTime() - Math.max(options.retentionDays, KEPT_DAYS) * DAY_MS) },
  ];
  let pruned = 0;
  for (const { kinds, before } of classes) {
    for (let batch = 0; batch < maxBatches; batch++) {
      const { rows } = await sql<{ n: number }>`
        WITH picked AS MATERIALIZED (
          SELECT id FROM outbox
          WHERE state = 'sent' AND kind = ANY(${kinds}::text[]) AND sent_at < ${before}
          ORDER BY sent_at, id
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        ),
        gone AS (
          DELETE FROM outbox o USING picked WHERE o.id = picked.id AND o.state = 'sent'
          RETURNING o.idempotency_key, o.kind, o.sent_at
        ),
        kept AS (
          INSERT INTO outbox_pruned (idempotency_key, kind, sent_at, pruned_at)
          SELECT idempotency_key, kind, sent_at, ${now} FROM gone
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT count(*) FROM kept)::int AS k`.execute(db);
      const n = Number(rows[0]?.n ?? 0);
      pruned += n;
      if (n < batchSize) break;
    }
  }
  const lanes = await db.deleteFrom('outbox_lanes').where('next_at', '<', new Date(now.getTime() - DAY_MS)).executeTakeFirst();
  return { pruned, lanes: Number(lanes.numDeletedRows) };
}
