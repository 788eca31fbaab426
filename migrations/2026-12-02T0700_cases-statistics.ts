import { type Kysely, sql } from 'kysely';

const statements = [
  // An accountability case (一案双查): the two investigations' findings stay null until known.
  `CREATE TABLE cases (
    code text PRIMARY KEY,
    unit_code text NOT NULL REFERENCES units (code),
    opened date NOT NULL,
    source text NOT NULL CHECK (source IN ('petition', 'lead', 'inspection', 'patrol', 'audit', 'fiscal', 'media', 'other')),
    category text NOT NULL,
    primary_finding text CHECK (primary_finding IN ('fulfilled', 'partial', 'not_fulfilled', 'not_applicable')),
    supervisory_finding text CHECK (supervisory_finding IN ('fulfilled', 'partial', 'not_fulfilled', 'not_applicable')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX cases_unit ON cases (unit_code, opened)`,
  // One row per person and measure (counted in person-times); the person is the office's reference, never a Slack id.
  `CREATE TABLE case_dispositions (
    case_code text NOT NULL REFERENCES cases (code),
    position integer NOT NULL,
    person_ref text NOT NULL,
    form smallint NOT NULL CHECK (form BETWEEN 1 AND 4),
    measure text NOT NULL,
    decided date NOT NULL,
    PRIMARY KEY (case_code, position)
  )`,
  `CREATE TABLE case_decisions (
    case_code text NOT NULL REFERENCES cases (code),
    position integer NOT NULL,
    target text NOT NULL,
    responsibility text NOT NULL CHECK (responsibility IN ('primary', 'supervisory')),
    measure text NOT NULL,
    decided date NOT NULL,
    PRIMARY KEY (case_code, position)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_decisions', 'case_dispositions', 'cases']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
