import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LedgerSource } from '../domain/vocabulary.js';

/** What happened, to which unit and item, by whom, through which door. */
export interface LedgerRecord {
  unit: string;
  item?: string | null;
  kind: string;
  actor: string;
  source: LedgerSource;
  at: Date;
  details?: Record<string, unknown>;
}

/**
 * Appends entries to the ledger inside the caller's transaction. The database chains each to the
 * previous entry of its unit and refuses any later change.
 *
 * @returns the new entries' ids, in the order given.
 */
export async function appendLedger(trx: Transaction<Database> | Kysely<Database>, records: LedgerRecord[]): Promise<number[]> {
  if (records.length === 0) return [];
  const rows = await trx
    .insertInto('ledger')
    .values(
      records.map((record) => ({
        unit_code: record.unit,
        item_code: record.item ?? null,
        kind: record.kind,
        actor: record.actor,
        source: record.source,
        at: record.at,
        details: JSON.stringify(record.details ?? {}),
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
