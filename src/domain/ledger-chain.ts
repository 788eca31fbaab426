import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The hash an empty chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** How an entry was hashed: `sha256` before the ledger was keyed, `hmac` (HMAC-SHA-256) since. */
export type ChainScheme = 'sha256' | 'hmac';

/**
 * The hash of an entry from the previous entry's hash and the entry's canonical text (the
 * lines after `prev`, as the database's `ledger_entry_text` renders them).
 *
 * @example
 * chainHash('hmac', key, GENESIS_HASH, '\nJS\n\nimported\nsystem\nimport\n2026-11-25T02:00:00.000000Z\n{}')
 */
export function chainHash(scheme: ChainScheme, key: Buffer, prev: string, rest: string): string {
  const text = `${prev}${rest}`;
  return scheme === 'hmac' ? createHmac('sha256', key).update(text, 'utf8').digest('hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The seal over the keyed boundary: proves that whoever set `keyed_from` held the key. */
export const keyingSeal = (key: Buffer, keyedFrom: number): string => createHmac('sha256', key).update(`zeren ledger keyed from ${keyedFrom}`, 'utf8').digest('hex');

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The short form of a hash that the weekly digest shows (and `verify --anchors` accepts). */
export const SHORT_HASH_LENGTH = 12;
export const shortHash = (hash: string): string => hash.slice(0, SHORT_HASH_LENGTH);
