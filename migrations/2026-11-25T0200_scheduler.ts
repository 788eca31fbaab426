import { type Kysely, sql } from 'kysely';

const statements = [
  // Each thing the schedule decided (a prompt, a reminder, an escalation), once: its messages are
  // enqueued and its ledger entry written in the transaction that inserts it here.
  `CREATE TABLE scheduled_events (
    key text PRIMARY KEY,
    kind text NOT NULL,
    item_code text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
    due_at timestamptz NOT NULL,
    decided_at timestamptz NOT NULL
  )`,
  `CREATE INDEX scheduled_events_item ON scheduled_events (item_code)`,
  // A 429 holds a whole lane: its pending rows are found by lane.
  `CREATE INDEX outbox_lane_pending ON outbox (lane, not_before, id) WHERE state = 'pending'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS outbox_lane_pending').execute(db);
  await sql.raw('DROP TABLE IF EXISTS scheduled_events').execute(db);
}
