import { type Kysely, sql } from 'kysely';

// Issue 15 point 5. Replicas share Slack's limits: a lane's (a channel's, a person's DMs') next free
// instant lives here, taken atomically before each call and pushed by a 429's Retry-After, so that
// every dispatcher on the database respects it. Pruned sent rows leave their key behind in
// outbox_pruned, so that writing the same key again (a replayed tick, a digest or circular reminder
// decided by its key) still keeps the first and sends nothing twice.
const statements = [
  `CREATE TABLE outbox_lanes (lane text PRIMARY KEY, next_at timestamptz NOT NULL)`,
  `CREATE TABLE outbox_pruned (idempotency_key text PRIMARY KEY, kind text NOT NULL, sent_at timestamptz, pruned_at timestamptz NOT NULL)`,
  // Pruning finds sent rows by kind and age without reading the others.
  `CREATE INDEX outbox_sent_by_kind ON outbox (kind, sent_at) WHERE state = 'sent'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of ['DROP INDEX IF EXISTS outbox_sent_by_kind', 'DROP TABLE IF EXISTS outbox_pruned', 'DROP TABLE IF EXISTS outbox_lanes']) await sql.raw(statement).execute(db);
}
