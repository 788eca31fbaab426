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
 * ledger key, computed here: the database sees only the result. One statement locks the units'
 * chain heads (through `ledger_heads_for_append`, which runs as the tables' owner) and renders
 * each entry's canonical text with the database's own `ledger_entry_text` (so that jsonb and
 * timestamp text are exactly what `zeren verify` reads back); a second inserts; the chain trigger
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
  // The records in as one JSON document and their texts out as a JSON array: both parsed natively
  // (as text[] they went through JavaScript's array escaping and parsing, element by element).
  const rows = JSON.stringify(
    records.map((r) => ({ unit: r.unit, item: r.item ?? null, kind: r.kind, actor: r.actor, source: r.source, at: r.at.toISOString(), details: r.details ?? {} })),
  );
  const {
    rows: [found],
  } = await sql<{ heads: [string, string][]; texts: string[] }>`
    select
      (select coalesce(json_agg(json_build_array(h.unit_code, h.hash)), '[]') from ledger_heads_for_append(${units}::text[]) h) as heads,
      (select json_agg(ledger_entry_text('', r.unit, r.item, r.kind, r.actor, r.source, r.at, r.details) order by r.n)
        from rows from (json_to_recordset(${rows}::json) as (unit text, item text, kind text, actor text, source text, at timestamptz, details jsonb))
          with ordinality as r(unit, item, kind, actor, source, at, details, n)) as texts`.execute(trx);
  const { heads, texts } = found as { heads: [string, string][]; texts: string[] };
  return insertWithKey(trx, key, records, new Map(heads), texts);
}

/**
 * For a use case that folds the ledger's work into a statement of its own (one round trip fewer
 * while the unit's chain is locked; it locks the head with `ledger_heads_for_append` in the same
 * statement, then calls {@link insertChained}): the entry's canonical text as `ledger_entry_text` renders it,
 * as an SQL expression. The same text as {@link appendLedger} reads.
 */
export function entryTextSql(record: LedgerRecord) {
  return sql<string>`ledger_entry_text('', ${record.unit}::text, ${record.item ?? null}::text, ${record.kind}::text, ${record.actor}::text, ${record.source}::text,
    ${record.at.toISOString()}::timestamptz, ${JSON.stringify(record.details ?? {})}::jsonb)`;
}

/**
 * Chains `records` to their units' heads (locked by the caller, in this transaction) and inserts
 * them: `texts` are their canonical texts ({@link entryTextSql}), in the same order.
 */
export function insertChained(trx: Transaction<Database>, records: LedgerRecord[], heads: Map<string, string>, texts: string[]): Promise<number[]> {
  return insertWithKey(trx, ledgerKeyOf(trx), records, heads, texts);
}

async function insertWithKey(trx: Transaction<Database> | Kysely<Database>, key: Buffer, records: LedgerRecord[], heads: Map<string, string>, texts: string[]): Promise<number[]> {
  const values = records.map((record, index) => {
    const prev = heads.get(record.unit) as string;
    const hash = chainHash('hmac', key, prev, texts[index] as string);
    heads.set(record.unit, hash);
    return {
      unit_code: record.unit,
      item_code: record.item ?? null,
      kind: record.kind,
      actor: record.actor,
      source: record.source,
      at: record.at,
      details: JSON.stringify(record.details ?? {}),
      prev_hash: prev,
      hash,
    };
  });
  const rows = await trx.insertInto('ledger').values(values).returning('id').execute();
  return rows.map((row) => row.id);
}
