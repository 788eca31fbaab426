import { type Kysely, sql } from 'kysely';

const statements = [
  // A case listed for supervision (挂牌督办) is tracked by an item of its unit's case list
  // (督办跟踪): its head reports on it, it is prompted on the order's cadence and escalated to the
  // issuer like any listed subject. The item names the case by code and category, never a person.
  `ALTER TABLE lists DROP CONSTRAINT lists_kind_check`,
  `ALTER TABLE lists ADD CONSTRAINT lists_kind_check CHECK (kind IN ('responsibility', 'rectification', 'report', 'case'))`,
  // When a case was concluded (结案), and the item that tracks it while it is listed.
  `ALTER TABLE cases ADD COLUMN concluded date`,
  `ALTER TABLE cases ADD COLUMN item_code text UNIQUE REFERENCES items (code)`,
  // Not struck off (不销号): no path (an import, a supervisor's or an admin's form) concludes a
  // listed case while its order is open; the order's closure concludes it in the same transaction.
  `CREATE FUNCTION cases_refuse_listed_conclude() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      listed text;
    BEGIN
      IF NEW.concluded IS NOT NULL AND OLD.concluded IS NULL AND NEW.item_code IS NOT NULL THEN
        SELECT code INTO listed FROM supervision_orders WHERE subject_code = NEW.item_code AND state <> 'closed';
        IF listed IS NOT NULL THEN
          RAISE EXCEPTION 'case % is listed for supervision by order %: only the closure of the order concludes it', NEW.code, listed USING ERRCODE = 'restrict_violation';
        END IF;
      END IF;
      RETURN NEW;
    END
  $$`,
  `CREATE TRIGGER cases_refuse_listed_conclude BEFORE UPDATE OF concluded ON cases FOR EACH ROW EXECUTE FUNCTION cases_refuse_listed_conclude()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS cases_refuse_listed_conclude ON cases').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS cases_refuse_listed_conclude()').execute(db);
  await sql.raw('ALTER TABLE cases DROP COLUMN IF EXISTS item_code').execute(db);
  await sql.raw('ALTER TABLE cases DROP COLUMN IF EXISTS concluded').execute(db);
  await sql.raw(`ALTER TABLE lists DROP CONSTRAINT lists_kind_check`).execute(db);
  await sql.raw(`ALTER TABLE lists ADD CONSTRAINT lists_kind_check CHECK (kind IN ('responsibility', 'rectification', 'report'))`).execute(db);
}
