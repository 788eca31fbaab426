import { sql, type Kysely } from 'kysely';

/** The ledger's tables: the bot's role may read them, append to the ledger, and nothing more. */
const LEDGER_TABLES = ['ledger', 'ledger_heads', 'ledger_keying'];
/** Kysely's bookkeeping: read only (the bot never migrates when an owner does). */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What the bot's role is: whether it could lift the ledger's guards (superuser, or owner of the ledger). */
export async function roleStrength(db: Kysely<never>): Promise<{ role: string; tooStrong: boolean }> {
  const { rows } = await sql<{ role: string; superuser: boolean; owns: boolean }>`
    select current_user as role, r.rolsuper as superuser,
      exists (select 1 from pg_class c where c.relname = 'ledger' and c.relnamespace = to_regnamespace(current_schema())
        and pg_has_role(current_user, c.relowner, 'USAGE')) as owns
    from pg_roles r where r.rolname = current_user`.execute(db);
  const row = rows[0] as { role: string; superuser: boolean; owns: boolean };
  return { role: row.role, tooStrong: row.superuser || row.owns };
}

/**
 * Run as the schema's owner after the migrations: grants `role` exactly what the bot needs.
 * Every other table: read and write. The ledger: SELECT and INSERT; its heads and keying: SELECT
 * (the chain trigger and `ledger_heads_for_append` run as the owner and move the heads), plus
 * the one-time seal; no UPDATE, DELETE or TRUNCATE, and no ownership, so no ALTER TABLE …
 * DISABLE TRIGGER. The ledger's id sequence is drawn by the trigger, so the role gets no use of it.
 * Idempotent: it runs after every migration run, so new tables are covered.
 */
export async function grantBotRole(owner: Kysely<never>, role: string): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(owner);
  const schema = ident((rows[0] as { schema: string }).schema);
  const who = ident(role);
  const statements = [
    `GRANT USAGE ON SCHEMA ${schema} TO ${who}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${who}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${who}`,
    `REVOKE ALL ON ${[...LEDGER_TABLES, ...MIGRATION_TABLES].join(', ')} FROM ${who}`,
    `REVOKE ALL ON SEQUENCE ledger_id_seq FROM ${who}`,
    `GRANT SELECT, INSERT ON ledger TO ${who}`,
    `GRANT SELECT ON ${['ledger_heads', 'ledger_keying', ...MIGRATION_TABLES].join(', ')} TO ${who}`,
    `GRANT UPDATE (seal) ON ledger_keying TO ${who}`,
  ];
  await owner.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
  });
}
