import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database } from '../db/schema.js';

/** Where a claimed row goes and how often it was tried, whatever its kind. */
export interface ClaimedEnvelope {
  id: number;
  /** The row's idempotency key; the renderer puts it on the message, to be found again. */
  key: string;
  lane: string;
  /**
   * 1 on the first try. More than 1 means an earlier try may have reached Slack before its
   * outcome was recorded: the renderer should look for its marker in the lane's recent history
   * before posting again (see the dispatcher's "Crash window").
   */
  attempts: number;
}

/** An outbox row as stored: what a permanent failure is reported with, parsed or not. */
export interface StoredMessage extends ClaimedEnvelope {
  kind: string;
  payload: Record<string, unknown>;
}

/** A row leased by this store's owner. */
export interface ClaimedRow extends StoredMessage {
  notBefore: Date;
  leaseUntil: Date;
}

/** What Slack answered for a delivered message; recorded in `outbox.result`. */
export interface Delivery {
  ts?: string;
  channel?: string;
}

const MARK_SENT_TRIES = 3;

/**
 * The outbox table as the dispatcher uses it: every statement that claims, settles, releases or
 * counts rows. Writes that settle a row hold only while the row is still leased by `owner` and
 * pending, so that a row whose lease passed to another dispatcher keeps that one's outcome.
 */
export class OutboxStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly owner: string,
  ) {}

  /**
   * One statement: the brief's claim (due, unleased rows in (not_before, id) order, LIMIT with
   * FOR UPDATE SKIP LOCKED, so concurrent claims take disjoint rows without waiting), with two
   * additions. Lanes in `busyLanes` are skipped, so that a lane is delivered by one round at a
   * time, in order. Of the rows read, at most `perLane` per lane are kept (the others stay pending,
   * their locks gone at commit), so that one busy channel cannot fill a round whose last rows would
   * wait out their lease behind its pacing. Times come from the caller's clock, not now(), so that
   * a fake clock governs leases too. Counts the try (`attempts + 1`).
   */
  async claim(options: { now: Date; leaseUntil: Date; limit: number; perLane: number; busyLanes: Iterable<string> }): Promise<ClaimedRow[]> {
    const { now, leaseUntil, limit, perLane } = options;
    const busy = JSON.stringify([...options.busyLanes]);
    const { rows } = await sql<{ id: number; idempotency_key: string; kind: string; payload: Record<string, unknown>; lane: string; attempts: number; not_before: Date }>`
      UPDATE outbox SET lease_owner = ${this.owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (PARTITION BY lane ORDER BY not_before, id) AS place
          FROM (
            SELECT id, lane, not_before FROM outbox
            WHERE state = 'pending' AND not_before <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
              AND lane NOT IN (SELECT jsonb_array_elements_text(${busy}::jsonb))
            ORDER BY not_before, id
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          ) due
        ) ranked
        WHERE place <= ${perLane}
      )
      RETURNING id, idempotency_key, kind, payload, lane, attempts, not_before`.execute(this.db);
    return rows
      .map((row) => ({
        id: Number(row.id),
        key: row.idempotency_key,
        kind: row.kind,
        payload: row.payload,
        lane: row.lane,
        attempts: row.attempts,
        notBefore: new Date(row.not_before),
        leaseUntil,
      }))
      .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id);
  }

  /** The short statement right after Slack answered (retried briefly on a database error); see "Crash window". */
  async markSent(row: ClaimedRow, delivery: Delivery, at: () => Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Not conditioned on the lease: the message did go out, and that is worth recording even if
        // the lease has passed to someone else. `state = 'pending'` keeps the first answer.
        await this.db
          .updateTable('outbox')
          .set({ state: 'sent', sent_at: at(), result: JSON.stringify(delivery), lease_owner: null, lease_until: null })
          .where('id', '=', row.id)
          .where('state', '=', 'pending')
          .execute();
        return;
      } catch (error) {
        if (attempt >= MARK_SENT_TRIES) throw error;
        await sleep(100 * attempt);
      }
    }
  }

  /**
   * One statement on a row this store still holds: leased by `owner` and pending. False when the
   * row is no longer ours (settled, or claimed by another after our lease ran out).
   */
  private async updateOwned(row: ClaimedRow, set: Updateable<Database['outbox']>): Promise<boolean> {
    const updated = await this.db
      .updateTable('outbox')
      .set(set)
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.owner)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  /** Back to pending, not before `notBefore`, lease given up; false when the row is no longer ours. */
  markRetry(row: ClaimedRow, notBefore: Date, lastError: string): Promise<boolean> {
    return this.updateOwned(row, { not_before: notBefore, last_error: lastError, lease_owner: null, lease_until: null });
  }

  /** Failed for good; false when the row is no longer ours. */
  markFailed(row: ClaimedRow, lastError: string): Promise<boolean> {
    return this.updateOwned(row, { state: 'failed', last_error: lastError, lease_owner: null, lease_until: null });
  }

  /** Notes why the row is owed, keeping its lease (a delivery given up on may yet have reached Slack). */
  async noteTimeout(row: ClaimedRow, lastError: string): Promise<void> {
    await this.updateOwned(row, { last_error: lastError });
  }

  /**
   * Gives back rows claimed but not tried: no lease to wait out, and the try they did not get is
   * not counted. With `notBefore`, they also wait until then (a lane held).
   */
  async release(rows: ClaimedRow[], notBefore?: Date, reason = 'ratelimited: lane held'): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .updateTable('outbox')
      .set({
        lease_owner: null,
        lease_until: null,
        attempts: sql`attempts - 1`,
        ...(notBefore ? { not_before: sql`greatest(not_before, ${notBefore})`, last_error: sql`coalesce(last_error, ${reason})` } : {}),
      })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .where('lease_owner', '=', this.owner)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Every unleased pending row of a lane waits until `until` (rows leased elsewhere are left to their owner). */
  async holdLane(lane: string, until: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ not_before: until, last_error: sql`coalesce(last_error, 'ratelimited: lane held')` })
      .where('lane', '=', lane)
      .where('state', '=', 'pending')
      .where('not_before', '<', until)
      .where('lease_owner', 'is', null)
      .execute();
  }

  /** Extends the lease; false when the row is no longer ours (claimed by another after our lease ran out). */
  async renewLease(row: ClaimedRow, leaseUntil: Date): Promise<boolean> {
    const renewed = await this.db
      .updateTable('outbox')
      .set({ lease_until: leaseUntil })
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.owner)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    return renewed !== undefined;
  }

  /**
   * Rows still owed at `now`: pending and due, or already tried (or held behind a 429) and waiting
   * to be tried again. Rows scheduled for later and never tried are not counted.
   */
  async countOwed(now: Date): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('owed'))
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('not_before', '<=', now), eb('attempts', '>', 0), eb('last_error', 'is not', null)]))
      .executeTakeFirstOrThrow();
    return Number(row.owed);
  }

  /** The earliest instant some pending row can be claimed; null if none is pending. */
  async nextClaimable(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('outbox')
      .select(sql<Date | null>`min(greatest(not_before, coalesce(lease_until, not_before)))`.as('next'))
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return row?.next ? new Date(row.next) : null;
  }
}
