import { sql, type Kysely, type Transaction } from 'kysely';
import { ledgerKeyOf } from '../db/ledger-key.js';
import type { Database } from '../db/schema.js';
import { chainHash } from '../domain/ledger-chain.js';
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
 * Appends entries to the ledger inside the caller's transaction (or a transaction of its own).
 * Each entry is chained to the previous entry of its unit with an HMAC-SHA-256 keyed with the
 * ledger key, computed here: the database sees only the result. It locks the units' chain heads
 * first (through `ledger_heads_for_append`, which runs as the tables' owner), renders each
 * entry's canonical text with the database's own `ledger_entry_text` (so that jsonb and
 * timestamp text are exactly what `zeren verify` reads back), and inserts; the chain trigger
 * checks each link and moves the head. The database refuses any later change.
 *
 * @returns the new entries' ids, in the order given.
 */
export async function appendLedger(trx: Transaction<Database> | Kysely<Database>, records: LedgerRecord[]): Promise<number[]> {
  if (records.length === 0) return [];
  const key = ledgerKeyOf(trx);
  // The heads' locks must last until the insert: without a transaction, make one.
  if (!trx.isTransaction) return trx.transaction().execute((own) => appendLedger(own, records));
  const units = [...new Set(records.map((record) => record.unit))].sort();
  const { rows: heads } = await sql<{ unit_code: string; hash: string }>`select unit_code, hash from ledger_heads_for_append(${units}::text[])`.execute(trx);
  const head = new Map(heads.map((row) => [row.unit_code, row.hash]));
  const details = records.map((record) => JSON.stringify(record.details ?? {}));
  const { rows: texts } = await sql<{ rest: string }>`
    select ledger_entry_text('', r.unit, r.item, r.kind, r.actor, r.source, r.at, r.details::jsonb) as rest
    from unnest(${records.map((r) => r.unit)}::text[], ${records.map((r) => r.item ?? null)}::text[], ${records.map((r) => r.kind)}::text[],
      ${records.map((r) => r.actor)}::text[], ${records.map((r) => r.source)}::text[], ${records.map((r) => r.at.toISOString())}::timestamptz[],
      ${details}::text[]) with ordinality as r(unit, item, kind, actor, source, at, details, n)
    order by r.n`.execute(trx);
  const values = records.map((record, index) => {
    const prev = head.get(record.unit) as string;
    const hash = chainHash('hmac', key, prev, (texts[index] as { rest: string }).rest);
    head.set(record.unit, hash);
    return {
      unit_code: record.unit,
      item_code: record.item ?? null,
      kind: record.kind,
      actor: record.actor,
      source: record.source,
      at: record.at,
      details: details[index] as string,
      prev_hash: prev,
      hash,
    };
  });
  const rows = await trx.insertInto('ledger').values(values).returning('id').execute();
  return rows.map((row) => row.id);
}
