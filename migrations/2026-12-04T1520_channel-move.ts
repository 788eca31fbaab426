import { type Kysely, sql } from 'kysely';

// A re-import that gives a set-up unit another `channel` asks for a move (issue 14 point 4): the
// next channel set-up run adopts or creates the new channel, moves the unit there and clears this.
// Until then the unit keeps being served in its old channel, and a failed move is tried again.
const statements = [`ALTER TABLE units ADD COLUMN channel_move_requested_at timestamptz`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE units DROP COLUMN IF EXISTS channel_move_requested_at').execute(db);
}
