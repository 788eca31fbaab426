import { type Kysely, sql } from 'kysely';

const statements = [
  // Who the bot has brought into each unit's channel, so that a re-run invites nobody twice.
  `CREATE TABLE unit_members (
    unit_code text NOT NULL REFERENCES units (code),
    user_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('member', 'failed', 'deactivated')),
    detail text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, user_id)
  )`,
  `ALTER TABLE units ADD COLUMN channel_error text`,
  // Requests from Slack already handled: Events API retries and repeated submissions are dropped by key.
  `CREATE TABLE slack_deliveries (
    key text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX slack_deliveries_received ON slack_deliveries (received_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS slack_deliveries').execute(db);
  await sql.raw('ALTER TABLE units DROP COLUMN IF EXISTS channel_error').execute(db);
  await sql.raw('DROP TABLE IF EXISTS unit_members').execute(db);
}
