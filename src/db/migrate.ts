import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely/migration';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.js';

const migrationFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies every pending migration in `migrations/`. Kysely holds a PostgreSQL advisory lock
 * meanwhile, so several processes starting at once apply each migration once.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return results ?? [];
}
