import { type Kysely, sql } from 'kysely';

const statements = [
  // Claims and requests a unit head decides: a result ("done"), a milestone reached, a list's
  // sign-off, a change to a signed list. One pending request per subject at a time.
  `CREATE TABLE approvals (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('result', 'milestone', 'signoff', 'change')),
    unit_code text NOT NULL REFERENCES units (code),
    item_code text REFERENCES items (code) ON DELETE CASCADE,
    list_id bigint REFERENCES lists (id),
    milestone_position integer,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
    decided_by text,
    decided_at timestamptz,
    reason text
  )`,
  // A change request names its item in details.ref (a new item has no row to refer to yet).
  `CREATE UNIQUE INDEX approvals_one_pending ON approvals (kind, coalesce(item_code, ''), coalesce(list_id, 0), coalesce(milestone_position, -1), coalesce(details->>'ref', '')) WHERE state = 'pending'`,
  `CREATE INDEX approvals_unit ON approvals (unit_code, state)`,
  `ALTER TABLE item_state ADD COLUMN approved_at timestamptz`,
  `ALTER TABLE item_state ADD COLUMN return_reason text`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE item_state DROP COLUMN IF EXISTS return_reason').execute(db);
  await sql.raw('ALTER TABLE item_state DROP COLUMN IF EXISTS approved_at').execute(db);
  await sql.raw('DROP TABLE IF EXISTS approvals').execute(db);
}
