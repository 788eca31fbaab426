import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { shortHash } from '../domain/ledger-chain.js';
import { isoWithOffset } from '../domain/time.js';
import type { ExportDeps } from './exports.js';

/** SPEC §3: one row per unit chain. */
export const anchorColumns = ['unit', 'last_id', 'hash', 'at'] as const;
export interface AnchorRow {
  unit: string;
  last_id: number;
  hash: string;
  at: string;
}

/**
 * Each unit chain's head — its last entry's id, hash and time — to keep outside the database:
 * `zeren verify --anchors FILE` later finds any anchored entry rewritten or removed.
 */
export async function exportAnchors(deps: ExportDeps, units?: string[]): Promise<AnchorRow[]> {
  let query = deps.db
    .selectFrom('ledger_heads as h')
    .innerJoin('ledger as l', 'l.id', 'h.last_id')
    .select(['h.unit_code', 'h.last_id', 'h.hash', 'l.at'])
    .orderBy('h.unit_code');
  if (units) query = query.where('h.unit_code', 'in', units.length ? units : ['']);
  const rows = await query.execute();
  return rows.map((row) => ({ unit: row.unit_code, last_id: Number(row.last_id), hash: row.hash, at: isoWithOffset(row.at, deps.timeZone) }));
}

/** The anchors that the weekly digests carry: each unit's head as its entry id and short hash. */
export async function digestAnchors(db: Kysely<Database>): Promise<Map<string, { id: number; hash: string }>> {
  const rows = await db.selectFrom('ledger_heads').select(['unit_code', 'last_id', 'hash']).where('last_id', 'is not', null).execute();
  return new Map(rows.map((row) => [row.unit_code, { id: Number(row.last_id), hash: shortHash(row.hash) }]));
}
