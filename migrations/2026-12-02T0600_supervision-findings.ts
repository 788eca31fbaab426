import { type Kysely, sql } from 'kysely';

const statements = [
  // A unit keeps its responsibility list and, beside it, a rectification list of the findings
  // made against it (整改清单): findings are items of that list, so that reports, prompts,
  // escalations, lights and digests treat them as items.
  `ALTER TABLE lists ADD COLUMN kind text NOT NULL DEFAULT 'responsibility' CHECK (kind IN ('responsibility', 'rectification'))`,
  `ALTER TABLE lists DROP CONSTRAINT lists_unit_code_year_key`,
  `CREATE UNIQUE INDEX lists_unit_year_kind ON lists (unit_code, year, kind)`,

  `CREATE TABLE inspections (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    kind text NOT NULL CHECK (kind IN ('inspection', 'patrol', 'assessment')),
    unit_code text NOT NULL REFERENCES units (code),
    by_unit text NOT NULL REFERENCES units (code),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    key_items text[] NOT NULL DEFAULT '{}',
    recorded_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_on <= ends_on)
  )`,
  `CREATE UNIQUE INDEX inspections_code_folded ON inspections (lower(code))`,
  `CREATE INDEX inspections_unit ON inspections (unit_code, ends_on)`,

  // What makes an item a finding: the inspection it came from and what it asks.
  `CREATE TABLE findings (
    item_code text PRIMARY KEY REFERENCES items (code) ON DELETE CASCADE,
    inspection_code text NOT NULL REFERENCES inspections (code),
    severity text NOT NULL CHECK (severity IN ('minor', 'major', 'serious')),
    concerns_item text,
    requirement text NOT NULL,
    verification jsonb
  )`,
  `CREATE INDEX findings_inspection ON findings (inspection_code)`,

  // Listed supervision (挂牌督办): one order per subject at a time, not struck off until closed.
  `CREATE TABLE supervision_orders (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    subject_code text NOT NULL REFERENCES items (code),
    unit_code text NOT NULL REFERENCES units (code),
    issuer text NOT NULL,
    reason text NOT NULL CHECK (reason IN ('typical', 'prominent', 'long_unresolved', 'other')),
    due date NOT NULL,
    cadence text NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closure_requested', 'closed')),
    closed_at timestamptz,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX supervision_orders_code_folded ON supervision_orders (lower(code))`,
  `CREATE UNIQUE INDEX supervision_orders_one_open ON supervision_orders (subject_code) WHERE state <> 'closed'`,
  // Not struck off (不销号), whatever the path: no code (an edit, an admin, an import) closes a
  // listed subject while its order is open; the order's closure closes it in the same transaction.
  `CREATE FUNCTION items_refuse_listed_close() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      listed text;
    BEGIN
      IF NEW.closed_at IS NOT NULL AND OLD.closed_at IS NULL THEN
        SELECT code INTO listed FROM supervision_orders WHERE subject_code = NEW.code AND state <> 'closed';
        IF listed IS NOT NULL THEN
          RAISE EXCEPTION 'item % is listed for supervision by order %: only the closure of the order closes it', NEW.code, listed USING ERRCODE = 'restrict_violation';
        END IF;
      END IF;
      RETURN NEW;
    END
  $$`,
  `CREATE TRIGGER items_refuse_listed_close BEFORE UPDATE OF closed_at ON items FOR EACH ROW EXECUTE FUNCTION items_refuse_listed_close()`,

  // A finding's extension of its deadline, and the closure of an order, are decided like claims.
  `ALTER TABLE approvals DROP CONSTRAINT approvals_kind_check`,
  `ALTER TABLE approvals ADD CONSTRAINT approvals_kind_check CHECK (kind IN ('result', 'milestone', 'signoff', 'change', 'extension', 'order_closure'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE approvals DROP CONSTRAINT approvals_kind_check`).execute(db);
  await sql.raw(`ALTER TABLE approvals ADD CONSTRAINT approvals_kind_check CHECK (kind IN ('result', 'milestone', 'signoff', 'change'))`).execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS items_refuse_listed_close ON items').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS items_refuse_listed_close()').execute(db);
  for (const table of ['supervision_orders', 'findings', 'inspections']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql.raw('DROP INDEX IF EXISTS lists_unit_year_kind').execute(db);
  await sql.raw('ALTER TABLE lists ADD CONSTRAINT lists_unit_code_year_key UNIQUE (unit_code, year)').execute(db);
  await sql.raw('ALTER TABLE lists DROP COLUMN IF EXISTS kind').execute(db);
}
