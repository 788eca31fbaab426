import { type Kysely, sql } from 'kysely';

// From here on the chain hashes are HMAC-SHA-256 with ZEREN_LEDGER_KEY, computed in Node: the
// database never sees the key. It still guards the chain's shape (each entry links to its unit's
// head, ids in chain order) and keeps the heads, through functions that run as their owner, so
// that the bot's own role needs no right on ledger_heads at all (SPEC §2.9).
const statements = [
  // No entry may slip in between reading the boundary and replacing the trigger.
  `LOCK TABLE ledger IN EXCLUSIVE MODE`,
  // Entries below keyed_from were hashed with plain SHA-256 (before this migration); every entry
  // from keyed_from on is keyed. The seal (an HMAC of keyed_from, written once by the first start
  // that holds the key) stops someone without the key from moving the boundary to pass off
  // rewritten keyed entries as old unkeyed ones; it also tells a start with another key.
  `CREATE TABLE ledger_keying (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    keyed_from bigint NOT NULL,
    seal text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO ledger_keying (keyed_from) SELECT coalesce(max(id), 0) + 1 FROM ledger`,
  `CREATE FUNCTION ledger_keying_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.seal IS NULL AND NEW.seal IS NOT NULL AND NEW.keyed_from = OLD.keyed_from THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'the ledger''s keying is written once: % is refused', TG_OP USING ERRCODE = 'restrict_violation';
    END
  $$`,
  `CREATE TRIGGER ledger_keying_guard BEFORE UPDATE OR DELETE ON ledger_keying FOR EACH ROW EXECUTE FUNCTION ledger_keying_guard()`,
  `CREATE TRIGGER ledger_keying_no_truncate BEFORE TRUNCATE ON ledger_keying FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
  // Locks the heads of the units given (in code order, so that two writers cannot deadlock),
  // making the missing ones, and returns their hashes: what Node chains the next entries to.
  `CREATE FUNCTION ledger_heads_for_append(units text[]) RETURNS TABLE (unit_code text, hash text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
      INSERT INTO ledger_heads (unit_code, hash)
        SELECT DISTINCT u, repeat('0', 64) FROM unnest(units) AS u ORDER BY 1 ON CONFLICT DO NOTHING;
      RETURN QUERY SELECT h.unit_code, h.hash FROM ledger_heads h WHERE h.unit_code = ANY (units) ORDER BY h.unit_code FOR UPDATE;
    END
  $$`,
  // The insert carries prev_hash and hash (computed in Node); the trigger checks the link, draws
  // the id under the head's lock and moves the head.
  `CREATE OR REPLACE FUNCTION ledger_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
      head text;
    BEGIN
      INSERT INTO ledger_heads (unit_code, hash) VALUES (NEW.unit_code, repeat('0', 64)) ON CONFLICT DO NOTHING;
      SELECT hash INTO head FROM ledger_heads WHERE unit_code = NEW.unit_code FOR UPDATE;
      IF NEW.hash IS NULL OR NEW.hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'a ledger entry needs its keyed hash, computed by the bot' USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.prev_hash IS DISTINCT FROM head THEN
        RAISE EXCEPTION 'a ledger entry must link to the head of its unit''s chain' USING ERRCODE = 'check_violation';
      END IF;
      NEW.id := nextval('ledger_id_seq');
      UPDATE ledger_heads SET hash = NEW.hash, last_id = NEW.id WHERE unit_code = NEW.unit_code;
      RETURN NEW;
    END
  $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE OR REPLACE FUNCTION ledger_chain() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
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
  $$`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS ledger_heads_for_append(text[])').execute(db);
  await sql.raw('DROP TABLE IF EXISTS ledger_keying').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS ledger_keying_guard()').execute(db);
}
