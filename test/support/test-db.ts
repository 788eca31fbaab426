import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
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

/**
 * The tables `reset()` empties: every table of the schema but those the migrations fill (the
 * migrations' own bookkeeping, the ledger's keying row), read from the database so that a new
 * table is emptied without being listed here.
 */
async function tablesToEmpty(db: Kysely<never>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  const empty: string[] = [];
  for (const { name } of rows) {
    const { rows: any } = await sql<{ one: number }>`select 1 as one from ${sql.table(name)} limit 1`.execute(db);
    if (any.length === 0) empty.push(name);
  }
  return empty;
}

/*
 * A migrated, sealed PGlite is dumped once per content of migrations/ (and PGlite's version) into
 * node_modules/.cache/zeren-test-db/, and every later test file starts its in-memory PGlite from
 * that dump: it skips initdb and the migrations, seconds per file. The first files of a fresh
 * checkout build it as before; whoever finishes first writes it (a rename, so readers never see
 * half a file).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const templateCache = join(root, 'node_modules/.cache/zeren-test-db');

function templateName(): string {
  const hash = createHash('sha256');
  const migrations = join(root, 'migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(`${file}\0`).update(readFileSync(join(migrations, file))).update('\0');
  hash.update(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json')));
  hash.update(TEST_LEDGER_KEY);
  return `${hash.digest('hex').slice(0, 16)}.tar`;
}

function readTemplate(name: string): Blob | undefined {
  const path = join(templateCache, name);
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

async function writeTemplate(name: string, pglite: PGlite): Promise<void> {
  const dump = await pglite.dumpDataDir('none');
  mkdirSync(templateCache, { recursive: true });
  const partial = join(templateCache, `${name}.partial-${process.pid}`);
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, join(templateCache, name));
}

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
  let saveTemplate = async () => {};
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
    const name = templateName();
    const template = readTemplate(name);
    const pglite = await createMemoryPglite(template ? { loadDataDir: template } : {});
    db = await openDatabase({ DATA_DIR: '', pglite, ledgerKey: TEST_LEDGER_KEY });
    owner = db;
    if (!template) saveTemplate = () => writeTemplate(name, pglite);
  }
  await migrateToLatest(owner);
  if (owner !== db) await grantBotRole(owner.kysely as never, (await roleStrength(db.kysely as never)).role);
  await sealLedgerKeying(db.kysely);
  await saveTemplate();
  const tables = await tablesToEmpty(owner.kysely as never);
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
