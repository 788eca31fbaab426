import { type Kysely, sql } from 'kysely';

const statements = [
  // A deputy period is never deleted: ending it moves `ends_on` (the last day in force) earlier
  // and records who ended it and when; `named_ends_on` keeps the last day as named. A period
  // ended before it began gets `ends_on` before `starts_on`, so no "in force on day D" query
  // (starts_on <= D <= ends_on) ever finds it. (Rows from before this have no named_ends_on: it is
  // filled in when they are ended.)
  `ALTER TABLE deputies ADD COLUMN named_ends_on date`,
  `ALTER TABLE deputies ADD COLUMN ended_at timestamptz`,
  `ALTER TABLE deputies ADD COLUMN ended_by text`,
  // The units whose ledger chains recorded the naming, so that the ending goes to the same ones.
  `ALTER TABLE deputies ADD COLUMN units text[] NOT NULL DEFAULT '{}'`,
  `ALTER TABLE deputies DROP CONSTRAINT deputies_check`,
  `ALTER TABLE deputies ADD CONSTRAINT deputies_period CHECK ((starts_on <= ends_on OR ended_at IS NOT NULL) AND starts_on <= coalesce(named_ends_on, starts_on))`,
  `CREATE INDEX deputies_deputy ON deputies (deputy_user, starts_on)`,
  `CREATE FUNCTION deputies_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'deputy periods are kept: end one instead of deleting it' USING ERRCODE = 'restrict_violation';
    END
  $$`,
  `CREATE TRIGGER deputies_keep BEFORE DELETE ON deputies FOR EACH ROW EXECUTE FUNCTION deputies_refuse_delete()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS deputies_keep ON deputies').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS deputies_refuse_delete()').execute(db);
  await sql.raw('DROP INDEX IF EXISTS deputies_deputy').execute(db);
  await sql.raw('ALTER TABLE deputies DROP CONSTRAINT IF EXISTS deputies_period').execute(db);
  for (const column of ['units', 'ended_by', 'ended_at', 'named_ends_on']) await sql.raw(`ALTER TABLE deputies DROP COLUMN IF EXISTS ${column}`).execute(db);
}
