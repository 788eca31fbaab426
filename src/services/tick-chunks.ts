import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * A range of unit codes, `lo` inclusive to `hi` exclusive (`hi` null: to the end), in the
 * database's own order of codes. The tick decides one range at a time, in one transaction.
 */
export interface UnitRange {
  lo: string;
  hi: string | null;
  /** Open items of the range when the run was planned (a guide to its size, not a bound). */
  items: number;
}

/**
 * Open items in a range: a few thousand keep a chunk's reads, decisions and messages small, and
 * each transaction short, while a national tree of a million items is still only ~100 chunks.
 */
export const CHUNK_ITEMS = 10_000;

/** How long a minute's run (its ranges and who decided them) is kept: for looking at, then pruned. */
const RUNS_KEPT_MS = 60 * 60_000;

/**
 * Splits units (with their open items, in code order) into consecutive ranges of at most `size`
 * items; a unit is never split, so a unit with more than `size` items is a range of its own. The
 * first range starts at '' and the last runs to the end, so that a unit added after planning
 * still falls in one.
 *
 * @example
 * rangesOf([{ unit: 'A', items: 6 }, { unit: 'B', items: 6 }, { unit: 'C', items: 1 }], 10)
 * // [{ lo: '', hi: 'B', items: 6 }, { lo: 'B', hi: null, items: 7 }]
 */
export function rangesOf(units: readonly { unit: string; items: number }[], size = CHUNK_ITEMS): UnitRange[] {
  const ranges: UnitRange[] = [];
  let current: UnitRange = { lo: '', hi: null, items: 0 };
  for (const { unit, items } of units) {
    if (current.items > 0 && current.items + items > size) {
      current.hi = unit;
      ranges.push(current);
      current = { lo: unit, hi: null, items: 0 };
    }
    current.items += items;
  }
  ranges.push(current);
  return ranges;
}

/**
 * Items per unit, in the database's order of unit codes: one grouped query. With `today`, the
 * open items started by then (what the schedule decides on); else all (what the digests count).
 */
export async function openItemsByUnit(db: Kysely<Database>, today: string | null): Promise<{ unit: string; items: number }[]> {
  let query = db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .select(['lists.unit_code', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('lists.unit_code')
    .orderBy('lists.unit_code');
  if (today !== null) query = query.where('items.closed_at', 'is', null).where('items.start', '<=', today);
  const rows = await query.execute();
  return rows.map((row) => ({ unit: row.unit_code, items: Number(row.n) }));
}

/** The minute a tick belongs to: replicas ticking in the same minute share its run. */
export const runOf = (now: Date) => new Date(Math.floor(now.getTime() / 60_000) * 60_000);

export interface PlannedRun {
  run: Date;
  ranges: UnitRange[];
  /** When this tick began, by the database's clock: a range decided for the run since then is not decided again. */
  startedAt: Date;
}

/**
 * The ranges of this minute's run: planned by the first replica to get here (and recorded), read
 * by the others, so that they all take the same ranges. Runs older than an hour are dropped.
 */
export async function planRun(db: Kysely<Database>, now: Date, today: string, size = CHUNK_ITEMS): Promise<PlannedRun> {
  const run = runOf(now);
  return db.transaction().execute(async (trx) => {
    const clock = await sql<{ at: Date }>`select clock_timestamp() as at`.execute(trx);
    const startedAt = new Date((clock.rows[0] as { at: Date }).at);
    await trx.deleteFrom('tick_runs').where('run', '<', new Date(run.getTime() - RUNS_KEPT_MS)).execute();
    // A second replica's insert waits here for the first one's plan to commit, then reads it.
    const mine = await trx.insertInto('tick_runs').values({ run, planned_at: startedAt }).onConflict((conflict) => conflict.column('run').doNothing()).returning('run').executeTakeFirst();
    if (!mine) {
      const ranges = await trx.selectFrom('tick_chunks').select(['lo', 'hi', 'items']).where('run', '=', run).orderBy('lo').execute();
      return { run, ranges, startedAt };
    }
    const ranges = rangesOf(await openItemsByUnit(trx, today), size);
    for (let i = 0; i < ranges.length; i += 1000) {
      await trx
        .insertInto('tick_chunks')
        .values(ranges.slice(i, i + 1000).map((range) => ({ run, ...range })))
        .execute();
    }
    return { run, ranges, startedAt };
  });
}

/**
 * Takes a range of the run for this transaction: false when another tick is deciding it now
 * (its row is locked: skipped, not waited for) or decided it after this tick began. A range
 * decided by an earlier tick of the same minute (a replay, or data changed since) is decided
 * again: its decisions already made are known by their keys and not repeated.
 */
export async function takeRange(trx: Transaction<Database>, planned: PlannedRun, range: UnitRange): Promise<boolean> {
  const row = await trx.selectFrom('tick_chunks').select('done_at').where('run', '=', planned.run).where('lo', '=', range.lo).forUpdate().skipLocked().executeTakeFirst();
  if (!row) return false;
  return !(row.done_at && new Date(row.done_at) >= planned.startedAt);
}

/** Marks a range decided, in the transaction that decided it. */
export async function rangeDone(trx: Transaction<Database>, planned: PlannedRun, range: UnitRange): Promise<void> {
  await trx.updateTable('tick_chunks').set({ done_at: sql<Date>`clock_timestamp()` }).where('run', '=', planned.run).where('lo', '=', range.lo).execute();
}
