import pg from 'pg';
import { sql } from 'kysely';
import { createMemoryPglite, openDatabase, type Db } from '../../src/db/database.js';
import { grantBotRole, roleStrength } from '../../src/db/grants.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { sealLedgerKeying } from '../../src/services/ledger-verify.js';

export interface TestDb {
  /** What the bot runs on: the restricted role when DATABASE_OWNER_URL is set. */
  db: Db;
  /**
   * The schema's owner, for the few tests that must do what only the owner can (raw tamper
   * UPDATEs, disabling triggers). The same handle as `db` unless DATABASE_OWNER_URL is set.
   */
  owner: Db;
  /** Empties every table (the ledger's truncate guard is lifted for it) and restarts the ids. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The ledger key of every test database (the tests' stand-in for ZEREN_LEDGER_KEY). */
export const TEST_LEDGER_KEY = Buffer.from('zeren-test-ledger-key-0123456789abcdef', 'utf8');

const tables = ['supervision_orders', 'findings', 'inspections', 'approvals', 'scheduled_events', 'slack_deliveries', 'unit_members', 'outbox', 'item_state', 'ledger', 'ledger_heads', 'milestones', 'item_owners', 'items', 'lists', 'deputies', 'policies', 'calendar_days', 'people', 'units'];

/** A URL on the same server as `url`, for the database `name`. */
const onDatabase = (url: string, name: string) => {
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
};

/**
 * A migrated database for one test file: an in-memory PGlite, or, when DATABASE_URL is set,
 * a fresh PostgreSQL database created on that server and dropped at the end. With
 * DATABASE_OWNER_URL set too (as CI runs), the owner creates and migrates it and grants the
 * DATABASE_URL role what the bot needs, as `zeren migrate` does; `db` is then that role.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  let db: Db;
  let owner: Db;
  let drop = async () => {};
  if (url) {
    const adminUrl = ownerUrl ?? url;
    const name = `zeren_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const poolSize = Number(process.env.TEST_POOL_SIZE ?? 5);
    db = await openDatabase({ DATABASE_URL: onDatabase(url, name), DATA_DIR: '', poolSize, ledgerKey: TEST_LEDGER_KEY });
    owner = ownerUrl ? await openDatabase({ DATABASE_URL: onDatabase(ownerUrl, name), DATA_DIR: '', poolSize: 2, ledgerKey: TEST_LEDGER_KEY }) : db;
    drop = async () => {
      const cleaner = new pg.Client({ connectionString: adminUrl });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.end();
    };
  } else {
    db = await openDatabase({ DATA_DIR: '', pglite: await createMemoryPglite(), ledgerKey: TEST_LEDGER_KEY });
    owner = db;
  }
  await migrateToLatest(owner);
  if (owner !== db) await grantBotRole(owner.kysely as never, (await roleStrength(db.kysely as never)).role);
  await sealLedgerKeying(db.kysely);
  return {
    db,
    owner,
    async reset() {
      await owner.kysely.transaction().execute(async (trx) => {
        await sql`alter table ledger disable trigger ledger_no_truncate`.execute(trx);
        await sql.raw(`truncate ${tables.join(', ')} restart identity cascade`).execute(trx);
        await sql`alter sequence ledger_id_seq restart`.execute(trx);
        await sql`alter table ledger enable trigger ledger_no_truncate`.execute(trx);
      });
    },
    async close() {
      if (owner !== db) await owner.close();
      await db.close();
      await drop();
    },
  };
}
