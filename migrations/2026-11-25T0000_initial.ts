import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite's extended protocol takes a single statement at a time.
const statements: string[] = [
  `CREATE TABLE units (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9-]*$'),
    name text NOT NULL,
    parent_code text REFERENCES units (code),
    head_user text,
    supervisor_user text,
    channel_name text,
    channel_id text,
    channel_ready_at timestamptz,
    mentions boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_code IS DISTINCT FROM code)
  )`,
  `CREATE INDEX units_parent ON units (parent_code)`,

  `CREATE TABLE people (
    user_id text PRIMARY KEY,
    email text,
    display_name text,
    locale text,
    locale_checked_at timestamptz,
    deactivated boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE deputies (
    id bigserial PRIMARY KEY,
    user_id text NOT NULL REFERENCES people (user_id),
    deputy_user text NOT NULL REFERENCES people (user_id),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_on <= ends_on),
    CHECK (user_id <> deputy_user)
  )`,
  `CREATE INDEX deputies_user ON deputies (user_id, starts_on)`,

  `CREATE TABLE lists (
    id bigserial PRIMARY KEY,
    unit_code text NOT NULL REFERENCES units (code),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    version integer NOT NULL DEFAULT 0,
    content_hash text,
    signed_at timestamptz,
    signed_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (unit_code, year)
  )`,

  `CREATE TABLE items (
    code text PRIMARY KEY,
    list_id bigint NOT NULL REFERENCES lists (id),
    title text NOT NULL,
    responsibility text NOT NULL CHECK (responsibility IN ('primary', 'supervisory')),
    target text,
    department text,
    measures text,
    start date NOT NULL,
    due date NOT NULL,
    cadence text NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    closed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (start <= due)
  )`,
  `CREATE INDEX items_list ON items (list_id)`,
  // Codes match regardless of case when people type them.
  `CREATE UNIQUE INDEX items_code_folded ON items (lower(code))`,

  `CREATE TABLE item_owners (
    item_code text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES people (user_id),
    position integer NOT NULL,
    PRIMARY KEY (item_code, user_id)
  )`,
  `CREATE INDEX item_owners_user ON item_owners (user_id)`,

  `CREATE TABLE milestones (
    item_code text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
    position integer NOT NULL,
    title text NOT NULL,
    due date NOT NULL,
    percent integer CHECK (percent BETWEEN 0 AND 100),
    completed_at timestamptz,
    PRIMARY KEY (item_code, position)
  )`,

  // The ledger: insert-only, each entry chained to the previous entry of its unit.
  // No column default: the chain trigger draws the id once it holds the unit's lock.
  `CREATE TABLE ledger (
    id bigint PRIMARY KEY,
    unit_code text NOT NULL REFERENCES units (code),
    item_code text REFERENCES items (code),
    kind text NOT NULL,
    actor text NOT NULL,
    source text NOT NULL CHECK (source IN ('slash_command', 'modal', 'button', 'scheduler', 'import', 'web', 'system')),
    at timestamptz NOT NULL DEFAULT now(),
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL
  )`,
  `CREATE SEQUENCE ledger_id_seq OWNED BY ledger.id`,
  `CREATE INDEX ledger_unit ON ledger (unit_code, id)`,
  `CREATE INDEX ledger_item ON ledger (item_code, id) WHERE item_code IS NOT NULL`,
  `CREATE TABLE ledger_heads (
    unit_code text PRIMARY KEY REFERENCES units (code),
    last_id bigint,
    hash text NOT NULL
  )`,
  // The canonical text of an entry; src/services/ledger-verify.ts recomputes it in Node.
  `CREATE FUNCTION ledger_entry_text(prev text, unit text, item text, kind text, actor text, source text, at timestamptz, details jsonb)
    RETURNS text LANGUAGE sql STABLE AS $$
      SELECT concat_ws(E'\\n', prev, unit, coalesce(item, ''), kind, actor, source,
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), details::text)
    $$`,
  // Taking the unit's head row lock before drawing the id keeps id order equal to chain order.
  `CREATE FUNCTION ledger_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      head text;
    BEGIN
      INSERT INTO ledger_heads (unit_code, hash) VALUES (NEW.unit_code, repeat('0', 64)) ON CONFLICT DO NOTHING;
      SELECT hash INTO head FROM ledger_heads WHERE unit_code = NEW.unit_code FOR UPDATE;
      NEW.id := nextval('ledger_id_seq');
      NEW.prev_hash := head;
      NEW.hash := encode(sha256(convert_to(ledger_entry_text(NEW.prev_hash, NEW.unit_code, NEW.item_code,
        NEW.kind, NEW.actor, NEW.source, NEW.at, NEW.details), 'UTF8')), 'hex');
      UPDATE ledger_heads SET hash = NEW.hash, last_id = NEW.id WHERE unit_code = NEW.unit_code;
      RETURN NEW;
    END
  $$`,
  `CREATE TRIGGER ledger_chain BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_chain()`,
  `CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the ledger is append-only: % is refused', TG_OP USING ERRCODE = 'restrict_violation';
    END
  $$`,
  `CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
  `CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,

  // The current state of each item, projected from the ledger in the same transaction.
  `CREATE TABLE item_state (
    item_code text PRIMARY KEY REFERENCES items (code) ON DELETE CASCADE,
    percent integer CHECK (percent BETWEEN 0 AND 100),
    status text CHECK (status IN ('on_track', 'at_risk', 'blocked', 'done')),
    note text,
    evidence_url text,
    last_report_at timestamptz,
    last_report_by text,
    approval text NOT NULL DEFAULT 'none' CHECK (approval IN ('none', 'pending', 'approved', 'returned')),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    lane text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    not_before timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    lease_owner text,
    result jsonb,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
  )`,
  `CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE state = 'pending'`,

  `CREATE TABLE calendar_days (
    day date PRIMARY KEY,
    working boolean NOT NULL,
    name text,
    source text NOT NULL DEFAULT 'import',
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  // scope 'global' has ref ''; 'unit' has the unit code; 'list' has 'UNIT/YEAR'.
  `CREATE TABLE policies (
    scope text NOT NULL CHECK (scope IN ('global', 'unit', 'list')),
    ref text NOT NULL,
    prompt_time text CHECK (prompt_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    remind_after integer CHECK (remind_after >= 0),
    escalate_after integer CHECK (escalate_after >= 0),
    escalate_again_after integer CHECK (escalate_again_after >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, ref)
  )`,
];

const tables = [
  'policies',
  'calendar_days',
  'outbox',
  'item_state',
  'ledger_heads',
  'ledger',
  'milestones',
  'item_owners',
  'items',
  'lists',
  'deputies',
  'people',
  'units',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  for (const fn of ['ledger_chain', 'ledger_refuse_change']) await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS ledger_entry_text(text, text, text, text, text, text, timestamptz, jsonb)').execute(db);
}
