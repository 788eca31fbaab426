import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The lanes' pacing and 429 holds as every dispatcher on the database sees them (`outbox_lanes`:
 * a lane's `next_at`), so that N replicas together make at most one call per `intervalMs` per lane
 * and all wait out a Retry-After that one of them was given.
 *
 * Times are the database's (`clock_timestamp()`), one clock for every replica, unless `now` is
 * given (tests). With `intervalMs` 0 nothing is written on the way to a call: a lane is only read,
 * to honour a hold.
 *
 * @example
 * const lanes = new SharedLanes(db, { intervalMs: 1000 });
 * await lanes.take('C1'); // 0: the slot is ours, call now; the next take within a second answers the ms left
 * await lanes.hold('C1', 30_000); // Slack said Retry-After: 30 — for every dispatcher
 */
export class SharedLanes {
  readonly intervalMs: number;
  private readonly now: (() => Date) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    options: { intervalMs: number; now?: (() => Date) | undefined },
  ) {
    if (!(options.intervalMs >= 0)) throw new RangeError(`intervalMs must be >= 0, not ${options.intervalMs}`);
    this.intervalMs = options.intervalMs;
    this.now = options.now;
  }

  private at(): RawBuilder<Date> {
    return this.now ? sql<Date>`${this.now().toISOString()}::timestamptz` : sql<Date>`clock_timestamp()`;
  }

  /**
   * Takes the lane's slot in one statement (insert … on conflict do update … where next_at <= now):
   * 0 when taken (`next_at` is now `now + intervalMs` for everyone), else the milliseconds until it frees.
   */
  async take(lane: string): Promise<number> {
    if (this.intervalMs === 0) {
      const { rows } = await sql<{ wait: number }>`
        WITH t AS (SELECT ${this.at()} AS now)
        SELECT extract(epoch FROM (next_at - t.now)) * 1000 AS wait FROM outbox_lanes, t WHERE lane = ${lane} AND next_at > t.now`.execute(this.db);
      return rows[0] ? Math.max(1, Math.ceil(Number(rows[0].wait))) : 0;
    }
    const { rows } = await sql<{ taken: number; wait: number | null }>`
      WITH t AS (SELECT ${this.at()} AS now),
      taken AS (
        INSERT INTO outbox_lanes AS l (lane, next_at)
        SELECT ${lane}, t.now + ${this.intervalMs} * interval '1 millisecond' FROM t
        ON CONFLICT (lane) DO UPDATE SET next_at = excluded.next_at WHERE l.next_at <= (SELECT now FROM t)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM taken)::int AS taken,
        (SELECT extract(epoch FROM (l.next_at - t.now)) * 1000 FROM outbox_lanes l, t WHERE l.lane = ${lane}) AS wait`.execute(this.db);
    const row = rows[0] as { taken: number; wait: number | null };
    if (Number(row.taken) > 0) return 0;
    // Taken by a statement that committed after this one's snapshot: its slot is about an interval.
    return row.wait === null ? this.intervalMs : Math.max(1, Math.ceil(Number(row.wait)));
  }

  /** Keeps the lane quiet for everyone for `ms` from now (never shortening a longer hold). */
  async hold(lane: string, ms: number): Promise<void> {
    await sql`
      INSERT INTO outbox_lanes AS l (lane, next_at) SELECT ${lane}, ${this.at()} + ${Math.max(0, Math.ceil(ms))} * interval '1 millisecond'
      ON CONFLICT (lane) DO UPDATE SET next_at = greatest(l.next_at, excluded.next_at)`.execute(this.db);
  }

  /** Forgets lanes free since before `before`, so the table holds only the lanes in use; returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('outbox_lanes').where('next_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
