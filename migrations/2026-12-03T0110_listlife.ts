import { type Kysely, sql } from 'kysely';

const statements = [
  // A failed invite is tried again (issue 14 point 2): how often it failed, and when the next
  // set-up run may try it again (backing off, so a person Slack keeps refusing costs little).
  `ALTER TABLE unit_members ADD COLUMN attempts integer NOT NULL DEFAULT 0`,
  `ALTER TABLE unit_members ADD COLUMN retry_at timestamptz`,
  // The latest note not marked internal: what the public pages may show (SPEC §2.2 公开).
  `ALTER TABLE item_state ADD COLUMN public_note text`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE item_state DROP COLUMN IF EXISTS public_note').execute(db);
  await sql.raw('ALTER TABLE unit_members DROP COLUMN IF EXISTS retry_at').execute(db);
  await sql.raw('ALTER TABLE unit_members DROP COLUMN IF EXISTS attempts').execute(db);
}
