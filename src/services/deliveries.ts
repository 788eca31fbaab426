import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Notes that a request from Slack is being handled; false when it was seen before (an Events
 * API retry, a repeated delivery).
 */
export async function firstDelivery(db: Kysely<Database>, key: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('slack_deliveries')
    .values({ key, received_at: now })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}
