import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely/migration';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Db } from './database.js';

const migrationFolder = new URL('../../migrations/', import.meta.url);

/**
 * Every `.ts`/`.js` file in `migrations/`, in name order. The import happens here rather than
 * in Kysely's FileMigrationProvider so that the loader running our TypeScript (tsx, vitest)
 * also loads the migrations.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(fileURLToPath(migrationFolder))).filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.[^.]+$/, '')] = (await import(pathToFileURL(fileURLToPath(new URL(file, migrationFolder))).href)) as Migration;
    }
    return migrations;
  },
};

/**
 * Applies every pending migration in `migrations/`. Kysely holds a PostgreSQL advisory lock
 * meanwhile, so several processes starting at once apply each migration once.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const { error, results } = await new Migrator({ db: db.kysely, provider: folderProvider }).migrateToLatest();
  if (error) throw error;
  return results ?? [];
}
