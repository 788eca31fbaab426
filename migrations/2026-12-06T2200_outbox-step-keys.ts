import { type Kysely, sql } from 'kysely';

// A reminder's or escalation's own messages are keyed `STEP-KEY>recipient`. What an escalation
// says happened before it (services/delivered.ts deliveredSteps) finds the sent messages of a
// step by that prefix: as `starts_with(key, step || '>')` no index serves it, and each step read
// every sent row (an escalation tick at 50,000 items took 99 s). By the key's part before the
// first '>', an equality, the join uses this index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE INDEX outbox_sent_step ON outbox (split_part(idempotency_key, '>', 1)) WHERE state = 'sent'`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS outbox_sent_step').execute(db);
}
