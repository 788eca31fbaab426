import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OutboxBodyInput } from './messages.js';

/** Where and when a message goes, whatever its kind. */
export interface Envelope {
  /** Unique per message: writing the same key twice keeps the first. */
  key: string;
  /** Where it goes (a channel or a person); the dispatcher paces each lane on its own. */
  lane: string;
  /** Not before this instant (working hours, a scheduled time). */
  notBefore?: Date;
}

/**
 * A message to deliver later, described in platform-neutral terms: a kind of `messages.ts` and its
 * data ("report notice for item X"), rendered into Slack's form only when it is sent.
 */
export type OutboxMessage = Envelope & OutboxBodyInput;

// Rows per statement (one JSON parameter for them all); keys per lookup.
const BATCH = 1000;

/**
 * Adds messages to the outbox inside the caller's transaction, so that a message exists if and
 * only if the decision that called for it was committed.
 *
 * @returns how many were new (a key already present is left as it is).
 */
export async function enqueue(trx: Transaction<Database> | Kysely<Database>, messages: OutboxMessage[], now: Date): Promise<number> {
  return (await enqueueNew(trx, messages, now)).length;
}

/**
 * `enqueue()`, returning the keys of the messages that were new, for callers that decide by the
 * outbox key (a digest, a circular reminder) or list what they queued (a dry run).
 *
 * @example
 * await enqueueNew(trx, [{ key: 'digest:JS:2026-W48', lane: 'C01', kind: 'digest', payload }], now) // ['digest:JS:2026-W48'], then [] the second time
 */
export async function enqueueNew(trx: Transaction<Database> | Kysely<Database>, messages: OutboxMessage[], now: Date): Promise<string[]> {
  const keys: string[] = [];
  for (let start = 0; start < messages.length; start += BATCH) {
    const rows = messages.slice(start, start + BATCH).map((message) => ({
      key: message.key,
      kind: message.kind,
      payload: message.payload,
      lane: message.lane,
      not_before: (message.notBefore ?? now).toISOString(),
    }));
    // One statement: a key already in the outbox, or pruned from it (outbox_pruned), is left as it
    // was, so that a message pruned after it was sent is never written, and sent, again.
    const { rows: inserted } = await sql<{ idempotency_key: string }>`
      INSERT INTO outbox (idempotency_key, kind, payload, lane, not_before, created_at)
      SELECT m->>'key', m->>'kind', m->'payload', m->>'lane', (m->>'not_before')::timestamptz, ${now.toISOString()}::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(m, place)
      WHERE NOT EXISTS (SELECT 1 FROM outbox_pruned p WHERE p.idempotency_key = m->>'key')
      ORDER BY place
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING idempotency_key`.execute(trx);
    for (const row of inserted) keys.push(row.idempotency_key);
  }
  return keys;
}

/**
 * Which of these keys were ever written to the outbox (still there, or pruned after they were
 * sent): a lookup by key, for callers that decide by the keys they would write (a digest).
 */
export async function writtenKeys(db: Transaction<Database> | Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const rows = await db
      .selectFrom('outbox')
      .select('idempotency_key')
      .where('idempotency_key', 'in', batch)
      .unionAll(db.selectFrom('outbox_pruned').select('idempotency_key').where('idempotency_key', 'in', batch))
      .execute();
    for (const row of rows) written.add(row.idempotency_key);
  }
  return written;
}
