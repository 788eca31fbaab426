import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type ChainBreak = { id: number; unit: string; reason: 'hash' | 'link' | 'head' };
export type VerifyResult = { ok: true; entries: number; units: number } | { ok: false; entries: number; broken: ChainBreak };

const GENESIS = '0'.repeat(64);

/**
 * Walks every unit's hash chain, oldest entry first, recomputing each hash in Node from the
 * entry's content (independently of the database's trigger) and checking each link.
 * Stops at the first entry that does not match.
 */
export async function verifyLedger(db: Kysely<Database>, pageSize = 5000): Promise<VerifyResult> {
  const last = new Map<string, { id: number; hash: string }>();
  let entries = 0;
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; unit_code: string; item_code: string | null; kind: string; actor: string; source: string; at_text: string; details_text: string; prev_hash: string; hash: string }>`
      select id, unit_code, item_code, kind, actor, source, prev_hash, hash, details::text as details_text,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text
      from ledger where id > ${after} order by id limit ${pageSize}`.execute(db);
    for (const entry of rows) {
      entries++;
      const previous = last.get(entry.unit_code)?.hash ?? GENESIS;
      if (entry.prev_hash !== previous) return { ok: false, entries, broken: { id: entry.id, unit: entry.unit_code, reason: 'link' } };
      const text = [entry.prev_hash, entry.unit_code, entry.item_code ?? '', entry.kind, entry.actor, entry.source, entry.at_text, entry.details_text].join('\n');
      if (createHash('sha256').update(text, 'utf8').digest('hex') !== entry.hash) {
        return { ok: false, entries, broken: { id: entry.id, unit: entry.unit_code, reason: 'hash' } };
      }
      last.set(entry.unit_code, { id: entry.id, hash: entry.hash });
    }
    if (rows.length < pageSize) break;
    after = (rows.at(-1) as { id: number }).id;
  }
  // A removed tail leaves no broken link behind it: the chain heads remember the last entry.
  const heads = await db.selectFrom('ledger_heads').selectAll().orderBy('unit_code').execute();
  for (const head of heads) {
    const tail = last.get(head.unit_code);
    if (!tail || tail.hash !== head.hash) {
      return { ok: false, entries, broken: { id: tail?.id ?? head.last_id ?? 0, unit: head.unit_code, reason: 'head' } };
    }
  }
  return { ok: true, entries, units: last.size };
}
