import { type Kysely, sql } from 'kysely';

const statements = [
  // The year-end review (逐项过堂): the current verdict on each item of a unit's year. Every
  // verdict, and every change of one, is a ledger entry; this row is its projection.
  `CREATE TABLE item_reviews (
    item_code text PRIMARY KEY REFERENCES items (code),
    unit_code text NOT NULL REFERENCES units (code),
    year integer NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('met', 'partly_met', 'not_met')),
    note text,
    reviewed_by text NOT NULL,
    reviewed_at timestamptz NOT NULL
  )`,
  `CREATE INDEX item_reviews_unit_year ON item_reviews (unit_code, year)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS item_reviews').execute(db);
}
