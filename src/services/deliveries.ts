import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordChannelLost } from './channels.js';
import { appendLedger } from './ledger.js';

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

/** Slack's answers meaning the bot is no longer in the channel a message was for. */
const CHANNEL_LOST = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * Records, on the unit's ledger chain, a message the dispatcher gave up on for good (so that a
 * missing prompt or notice has a trace beside the log); when the unit's channel is gone from
 * under the bot, marks it lost so that channel set-up joins or replaces it.
 *
 * @returns whether the failure could be put on a unit's chain.
 */
export async function recordDeliveryFailure(
  db: Kysely<Database>,
  failure: { key: string; kind: string; lane: string; payload: Record<string, unknown>; code: string; message: string },
  now: Date,
): Promise<boolean> {
  const unit = typeof failure.payload.unit === 'string' ? failure.payload.unit : undefined;
  if (!unit) return false;
  const item = typeof failure.payload.item === 'string' ? failure.payload.item : null;
  // A grouped prompt or reminder names its items by code.
  const lines = Array.isArray(failure.payload.items) ? (failure.payload.items as { item?: unknown }[]).flatMap((line) => (typeof line.item === 'string' ? [line.item] : [])) : [];
  await db.transaction().execute(async (trx) => {
    await appendLedger(trx, [
      { unit, item, kind: 'delivery_failed', actor: 'system', source: 'system', at: now, details: { key: failure.key, message_kind: failure.kind, lane: failure.lane, error: failure.code, ...(lines.length && { items: lines }) } },
    ]);
    const held = await trx.selectFrom('units').select('channel_id').where('code', '=', unit).executeTakeFirst();
    if (CHANNEL_LOST.has(failure.code) && held?.channel_id === failure.lane) await recordChannelLost(trx, unit, failure.code, now);
  });
  return true;
}

/**
 * Where a delivered outbox message was posted, by its key — or by the key of a scheduled decision
 * it carries (an item's prompt posted in its unit's grouped prompt).
 */
export async function postedAs(db: Kysely<Database>, key: string): Promise<{ channel: string; ts: string } | null> {
  const row = await db
    .selectFrom('outbox')
    .select('result')
    .where((eb) => eb.or([eb('idempotency_key', '=', key), eb('idempotency_key', 'in', eb.selectFrom('scheduled_messages').select('message_key').where('event_key', '=', key))]))
    .where('state', '=', 'sent')
    .orderBy('id')
    .executeTakeFirst();
  const result = row?.result as { channel?: string; ts?: string } | null | undefined;
  return result?.channel && result.ts ? { channel: result.channel, ts: result.ts } : null;
}
