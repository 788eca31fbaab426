import { type Kysely, sql } from 'kysely';

const statements = [
  // A circular (通报) sent to every channel of a unit's subtree; `request_key` (the modal's view id)
  // makes a second submission of the same form a no-op.
  `CREATE TABLE circulars (
    id bigserial PRIMARY KEY,
    request_key text NOT NULL UNIQUE,
    unit_code text NOT NULL REFERENCES units (code),
    title text NOT NULL,
    body text NOT NULL,
    cases text[] NOT NULL DEFAULT '{}',
    anonymised boolean NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS circulars').execute(db);
}
