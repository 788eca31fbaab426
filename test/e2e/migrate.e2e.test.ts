import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { useTestApp } from '../support/test-app.js';

// Every file in migrations/, in the order Kysely applies them (by name).
const migrations = readdirSync(new URL('../../migrations/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

describe('migrations', () => {
  // The test database is migrated when it is made.
  const app = useTestApp({ bot: false, reset: false });

  it('apply once; running them again changes nothing', async () => {
    expect(await migrateToLatest(app.testDb.db)).toEqual([]);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(app.db);
    expect(migrations.slice(0, 4)).toEqual(['2026-11-25T0000_initial', '2026-11-25T0100_reporting', '2026-11-25T0200_scheduler', '2026-11-25T0300_approvals']);
    expect(rows.map((row) => row.name)).toEqual(migrations);
  });

  it.runIf(process.env.DATABASE_URL)('are safe when several processes start at once on PostgreSQL', async () => {
    // Migrations run as the owner (DATABASE_OWNER_URL) when the bot has a restricted role.
    const url = (process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL) as string;
    const name = `zeren_migrate_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const own = new URL(url);
    own.pathname = `/${name}`;
    const starters = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ DATABASE_URL: own.toString(), DATA_DIR: '', poolSize: 2 })));
    try {
      const results = await Promise.all(starters.map((db) => migrateToLatest(db)));
      expect(results.flat().filter((result) => result.status === 'Success')).toHaveLength(migrations.length);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(starters[0]!.kysely);
      expect(rows[0]?.n).toBe(migrations.length);
    } finally {
      await Promise.all(starters.map((db) => db.close()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
