import { PGlite } from '@electric-sql/pglite';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseOptions, usage } from '../app/cli-failures.js';
import type { Config } from '../config.js';
import { lockDataDir } from '../db/embedded-lock.js';
import { LEDGER_KEY_FILE } from '../db/ledger-key.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';

const out = (line: string) => process.stdout.write(`${line}\n`);


function parse(locale: Locale, command: 'backup' | 'restore', args: string[]) {
  const { values, positionals } = parseOptions(locale, command, args, { force: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw usage(locale, t(locale, 'backup.needsFile', { command }));
  return { file: positionals[0] as string, force: values.force ?? false };
}

/** With DATABASE_URL the database is not ours to copy: PostgreSQL's own tools are the way. */
function refusePostgres(config: Config, locale: Locale) {
  if (config.DATABASE_URL) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'backup.postgres'));
}

const hasDatabase = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

async function ledgerEntries(pglite: PGlite): Promise<number> {
  const { rows } = await pglite.query<{ count: number }>('select count(*)::int as count from ledger');
  return rows[0]?.count ?? 0;
}

/**
 * `zeren backup FILE [--force]`: PGlite's own dump of the data directory (a gzipped tar), taken
 * under the DATA_DIR lock, so no bot writes meanwhile and the copy is consistent. An existing FILE
 * is overwritten only with --force; the file appears whole or not at all (written beside, renamed).
 */
export async function runBackup(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { file, force } = parse(locale, 'backup', args);
  refusePostgres(config, locale);
  if (existsSync(file) && !force) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'backup.fileExists', { file }));
  const dataDir = resolve(config.DATA_DIR);
  const databaseDir = join(dataDir, 'pglite');
  if (!hasDatabase(databaseDir)) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'backup.noDatabase', { dir: dataDir }));
  const unlock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(databaseDir);
    try {
      const entries = await ledgerEntries(pglite);
      const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
      const partial = `${file}.partial-${process.pid}`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
      out(t(locale, 'backup.written', { file, bytes: dump.length, entries }));
      return 0;
    } finally {
      await pglite.close();
    }
  } finally {
    unlock();
  }
}

/**
 * Whether the bytes are a PGlite dump: a gzipped tar holding a PostgreSQL data directory. Checked
 * before PGlite sees it, since PGlite given anything else fails without a reason worth showing.
 */
function isDataDirDump(bytes: Buffer): boolean {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    return false;
  }
  const names = new Set<string>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isFinite(size)) return false;
    names.add(name.replace(/^\.?\//, ''));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return [...names].some((name) => name.endsWith('PG_VERSION')) && [...names].some((name) => name.endsWith('global/pg_control'));
}

/**
 * `zeren restore FILE [--force]`: loads a backup into DATA_DIR under its lock (so never under a
 * running bot). An existing database is replaced only with --force, and is then kept beside as
 * `pglite.replaced-<time>` rather than deleted. The backup is loaded into a directory of its own
 * first and moved into place only once it opens and holds a ledger, so a bad file writes nothing.
 */
export async function runRestore(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { file, force } = parse(locale, 'restore', args);
  refusePostgres(config, locale);
  if (!existsSync(file)) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'restore.noFile', { file }));
  const bytes = readFileSync(file);
  if (!isDataDirDump(bytes)) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'restore.notBackup', { file }));
  const dataDir = resolve(config.DATA_DIR);
  const databaseDir = join(dataDir, 'pglite');
  const unlock = lockDataDir(dataDir);
  try {
    if (hasDatabase(databaseDir) && !force) throw new CodedError(ErrorCode.BackupRefused, t(locale, 'restore.databaseExists', { dir: dataDir }));
    const staging = join(dataDir, `pglite.restoring-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    let entries: number;
    try {
      const pglite = await PGlite.create(staging, { loadDataDir: new Blob([bytes]) });
      try {
        entries = await ledgerEntries(pglite);
      } finally {
        await pglite.close();
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (error instanceof CodedError) throw error;
      throw new CodedError(ErrorCode.BackupRefused, t(locale, 'restore.notBackup', { file }));
    }
    if (existsSync(databaseDir)) renameSync(databaseDir, join(dataDir, `pglite.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`));
    renameSync(staging, databaseDir);
    out(t(locale, 'restore.done', { file, dir: dataDir, entries }));
    // The key is never in a backup (it guards the ledger against whoever holds the data).
    if (!config.ZEREN_LEDGER_KEY && !existsSync(join(dataDir, LEDGER_KEY_FILE))) process.stderr.write(`zeren: ${t(locale, 'restore.keyMissing', { dir: dataDir })}\n`);
    return 0;
  } finally {
    unlock();
  }
}
