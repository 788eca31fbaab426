import pg from 'pg';
import { sql } from 'kysely';
import { createMemoryPglite, openDatabase, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDb {
  db: Db;
  /** Empties every table (the ledger's truncate guard is lifted for it) and restarts the ids. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const tables = ['supervision_orders', 'findings', 'inspections', 'approvals', 'scheduled_events', 'slack_deliveries', 'unit_members', 'outbox', 'item_state', 'ledger', 'ledger_heads', 'milestones', 'item_owners', 'items', 'lists', 'deputies', 'policies', 'calendar_days', 'people', 'units'];

/**
 * A migrated database for one test file: an in-memory PGlite, or, when DATABASE_URL is set,
 * a fresh PostgreSQL database created on that server and dropped at the end.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let drop = async () => {};
  if (url) {
    const name = `zeren_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const own = new URL(url);
    own.pathname = `/${name}`;
    db = await openDatabase({ DATABASE_URL: own.toString(), DATA_DIR: '', poolSize: Number(process.env.TEST_POOL_SIZE ?? 5) });
    drop = async () => {
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.end();
    };
  } else {
    db = await openDatabase({ DATA_DIR: '', pglite: await createMemoryPglite() });
  }
  await migrateToLatest(db);
  return {
    db,
    async reset() {
      await db.kysely.transaction().execute(async (trx) => {
        await sql`alter table ledger disable trigger ledger_no_truncate`.execute(trx);
        await sql.raw(`truncate ${tables.join(', ')} restart identity cascade`).execute(trx);
        await sql`alter sequence ledger_id_seq restart`.execute(trx);
        await sql`alter table ledger enable trigger ledger_no_truncate`.execute(trx);
      });
    },
    async close() {
      await db.close();
      await drop();
    },
  };
}
