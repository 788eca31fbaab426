import type { Kysely, Transaction } from 'kysely';
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

// Rows per statement, within PostgreSQL's parameter limit (six per row).
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
    const inserted = await trx
      .insertInto('outbox')
      .values(
        messages.slice(start, start + BATCH).map((message) => ({
          idempotency_key: message.key,
          kind: message.kind,
          payload: JSON.stringify(message.payload),
          lane: message.lane,
          not_before: message.notBefore ?? now,
          created_at: now,
        })),
      )
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    for (const row of inserted) keys.push(row.idempotency_key);
  }
  return keys;
}
