import { sql, type Kysely } from 'kysely';
import { ledgerKeyOf } from '../db/ledger-key.js';
import type { Database } from '../db/schema.js';
import { chainHash, GENESIS_HASH, keyingSeal, sameDigest, SHORT_HASH_LENGTH } from '../domain/ledger-chain.js';

/**
 * Why verification stopped: `hash` an entry's content does not match its hash; `link` it does not
 * follow the previous entry of its unit; `head` a chain's last entries are gone; `keying` the
 * keyed boundary is missing or not sealed with this key; `anchor_rewritten` / `anchor_removed` an
 * entry named in an anchors file has another hash now or is no longer there.
 */
export type ChainBreakReason = 'hash' | 'link' | 'head' | 'keying' | 'anchor_rewritten' | 'anchor_removed';
export type ChainBreak = { id: number; unit: string; reason: ChainBreakReason };
export type VerifyResult = { ok: true; entries: number; units: number; anchors?: number } | { ok: false; entries: number; broken: ChainBreak };

/** A unit's chain head as exported earlier (`zeren export anchors`) or read off a weekly digest. */
export interface Anchor {
  unit: string;
  last_id: number;
  /** The whole hash, or at least its first 12 characters (as the digest shows it). */
  hash: string;
}

/**
 * Walks every unit's hash chain, oldest entry first, recomputing each hash in Node from the
 * entry's content with the ledger key (plain SHA-256 for entries from before the ledger was
 * keyed) and checking each link, then the chain heads and, when given, the anchors.
 * Stops at the first entry that does not match.
 */
export async function verifyLedger(db: Kysely<Database>, options: { anchors?: Anchor[]; pageSize?: number } = {}): Promise<VerifyResult> {
  const key = ledgerKeyOf(db);
  const pageSize = options.pageSize ?? 5000;
  const keying = await db.selectFrom('ledger_keying').select(['keyed_from', 'seal']).executeTakeFirst();
  // No boundary, or one that this key did not seal, cannot be believed: then every entry must be keyed.
  const sealed = keying?.seal != null && sameDigest(keying.seal, keyingSeal(key, Number(keying.keyed_from)));
  const keyedFrom = sealed && keying ? Number(keying.keyed_from) : 1;
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
      const previous = last.get(entry.unit_code)?.hash ?? GENESIS_HASH;
      if (entry.prev_hash !== previous) return { ok: false, entries, broken: { id: entry.id, unit: entry.unit_code, reason: 'link' } };
      const rest = ['', entry.unit_code, entry.item_code ?? '', entry.kind, entry.actor, entry.source, entry.at_text, entry.details_text].join('\n');
      if (!sameDigest(chainHash(entry.id >= keyedFrom ? 'hmac' : 'sha256', key, entry.prev_hash, rest), entry.hash)) {
        // An unkeyed entry past a boundary that cannot be believed: the keying is what is wrong.
        const reason = !sealed && entry.id < Number(keying?.keyed_from ?? 0) ? 'keying' : 'hash';
        return { ok: false, entries, broken: { id: entry.id, unit: entry.unit_code, reason } };
      }
      last.set(entry.unit_code, { id: entry.id, hash: entry.hash });
    }
    if (rows.length < pageSize) break;
    after = (rows.at(-1) as { id: number }).id;
  }
  // A boundary that no start has sealed yet is fine while every entry is keyed anyway.
  if (!sealed && keying?.seal != null) return { ok: false, entries, broken: { id: Number(keying.keyed_from), unit: '', reason: 'keying' } };
  // A removed tail leaves no broken link behind it: the chain heads remember the last entry.
  const heads = await db.selectFrom('ledger_heads').selectAll().orderBy('unit_code').execute();
  for (const head of heads) {
    const tail = last.get(head.unit_code);
    if ((tail?.hash ?? GENESIS_HASH) !== head.hash) {
      return { ok: false, entries, broken: { id: tail?.id ?? head.last_id ?? 0, unit: head.unit_code, reason: 'head' } };
    }
  }
  // An anchor is a head seen outside the database: its entry must still be there, unchanged.
  const anchors = options.anchors ?? [];
  for (const anchor of [...anchors].sort((a, b) => a.last_id - b.last_id)) {
    const entry = await db.selectFrom('ledger').select(['id', 'unit_code', 'hash']).where('id', '=', anchor.last_id).executeTakeFirst();
    if (!entry) return { ok: false, entries, broken: { id: anchor.last_id, unit: anchor.unit, reason: 'anchor_removed' } };
    if (entry.unit_code !== anchor.unit || !entry.hash.startsWith(anchor.hash.toLowerCase())) {
      return { ok: false, entries, broken: { id: anchor.last_id, unit: anchor.unit, reason: 'anchor_rewritten' } };
    }
  }
  return { ok: true, entries, units: last.size, ...(options.anchors && { anchors: anchors.length }) };
}

/**
 * Seals the keyed boundary with this key on the first start that holds it, and tells a start
 * with another key: that start would write entries no later `zeren verify` accepts.
 *
 * @returns `sealed` (just now), `ok` (sealed before with this key), `missing` (the keying row is
 * gone: verification will say so) or `mismatch` (another key sealed it).
 */
export async function sealLedgerKeying(db: Kysely<Database>): Promise<'sealed' | 'ok' | 'missing' | 'mismatch'> {
  const key = ledgerKeyOf(db);
  const keying = await db.selectFrom('ledger_keying').select(['keyed_from', 'seal']).executeTakeFirst();
  if (!keying) return 'missing';
  const seal = keyingSeal(key, Number(keying.keyed_from));
  if (keying.seal != null) return sameDigest(keying.seal, seal) ? 'ok' : 'mismatch';
  const written = await db.updateTable('ledger_keying').set({ seal }).where('seal', 'is', null).where('keyed_from', '=', keying.keyed_from).executeTakeFirst();
  if (Number(written.numUpdatedRows) === 1) return 'sealed';
  // Another process sealed it meanwhile: with our key or not?
  return sealLedgerKeying(db);
}

/** Parses an anchors file as `zeren export anchors` writes it (CSV with its header, or JSON). */
export function parseAnchors(text: string): Anchor[] | { error: string } {
  const body = text.replace(/^\uFEFF/, '').trim();
  let rows: Record<string, unknown>[];
  if (body.startsWith('[')) {
    try {
      const parsed = JSON.parse(body) as unknown;
      if (!Array.isArray(parsed)) return { error: 'not an array' };
      rows = parsed as Record<string, unknown>[];
    } catch (error) {
      return { error: (error as Error).message };
    }
  } else {
    const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
    const header = (lines.shift() ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i] ?? `c${i}`, cell.trim().replace(/^"|"$/g, '').replace(/^'/, '')])));
  }
  const anchors: Anchor[] = [];
  for (const [index, row] of rows.entries()) {
    const unit = String(row.unit ?? '');
    const id = Number(row.last_id);
    const hash = String(row.hash ?? '');
    if (!unit || !Number.isSafeInteger(id) || id < 1 || !new RegExp(`^[0-9a-fA-F]{${SHORT_HASH_LENGTH},64}$`).test(hash)) return { error: `row ${index + 1}` };
    anchors.push({ unit, last_id: id, hash });
  }
  return anchors;
}
