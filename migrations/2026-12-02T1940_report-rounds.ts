import { type Kysely, sql } from 'kysely';

const statements = [
  // Each unit's report in a round is an item of the unit's report list (报告清单): prompted,
  // reminded, escalated and lit like the items of its other lists.
  `ALTER TABLE lists DROP CONSTRAINT lists_kind_check`,
  `ALTER TABLE lists ADD CONSTRAINT lists_kind_check CHECK (kind IN ('responsibility', 'rectification', 'report'))`,

  `CREATE TABLE report_rounds (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    kind text NOT NULL CHECK (kind IN ('dual_report', 'statement')),
    period text NOT NULL,
    due date NOT NULL,
    by_unit text NOT NULL REFERENCES units (code),
    reviewers text[] NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX report_rounds_code_folded ON report_rounds (lower(code))`,
  `CREATE INDEX report_rounds_by ON report_rounds (by_unit, due)`,

  // One row per unit that must report; the current submission is projected here from the ledger.
  `CREATE TABLE report_round_units (
    round_code text NOT NULL REFERENCES report_rounds (code),
    unit_code text NOT NULL REFERENCES units (code),
    item_code text NOT NULL UNIQUE REFERENCES items (code),
    submitted_at timestamptz,
    submitted_by text,
    first_submitted_at timestamptz,
    summary text,
    link text,
    submissions integer NOT NULL DEFAULT 0,
    PRIMARY KEY (round_code, unit_code)
  )`,

  // The current rating of each reviewer; every rating and change is a ledger entry.
  `CREATE TABLE report_ratings (
    round_code text NOT NULL,
    unit_code text NOT NULL,
    reviewer text NOT NULL,
    rating text NOT NULL CHECK (rating IN ('excellent', 'good', 'fair', 'poor')),
    feedback text NOT NULL,
    finding_code text,
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (round_code, unit_code, reviewer),
    FOREIGN KEY (round_code, unit_code) REFERENCES report_round_units (round_code, unit_code)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['report_ratings', 'report_round_units', 'report_rounds']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql.raw(`ALTER TABLE lists DROP CONSTRAINT lists_kind_check`).execute(db);
  await sql.raw(`ALTER TABLE lists ADD CONSTRAINT lists_kind_check CHECK (kind IN ('responsibility', 'rectification'))`).execute(db);
}
