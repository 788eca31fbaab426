import type { Config } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { grantBotRole, roleStrength } from '../db/grants.js';
import { LedgerKeyFileError, loadLedgerKey } from '../db/ledger-key.js';
import { migrateToLatest } from '../db/migrate.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { sealLedgerKeying } from '../services/ledger-verify.js';

export interface OpenOptions {
  /** Where warnings go (a logger's warn, or stderr for the CLI). */
  warn: (line: string) => void;
  info?: (line: string) => void;
  /** Told when an idle pooled PostgreSQL connection fails (see openDatabase's onIdleError). */
  idleError?: (error: Error) => void;
  /** Told the names of the migrations applied now. */
  migrated?: (names: string[]) => void;
}

/**
 * Opens the database the bot and the CLI run on, ready for use: the ledger key loaded
 * (ZEREN_LEDGER_KEY, or DATA_DIR/ledger.key made on the first start), the migrations applied —
 * as DATABASE_OWNER_URL's role when set, which then grants the DATABASE_URL role what the bot
 * needs and no more — and the keyed boundary sealed with the key (or a start with another key
 * refused).
 */
export async function openAppDatabase(config: Config, options: OpenOptions): Promise<Db> {
  const locale: Locale = config.ZEREN_LOCALE;
  const fail = (code: ErrorCode, message: string) => new CodedError(code, message);
  if (config.DATABASE_OWNER_URL && !config.DATABASE_URL) throw fail(ErrorCode.ConfigInvalid, t(locale, 'trust.ownerNeedsUrl'));
  let loaded;
  try {
    loaded = loadLedgerKey(config);
  } catch (error) {
    if (error instanceof LedgerKeyFileError) throw fail(ErrorCode.ConfigInvalid, t(locale, 'trust.keyFileInvalid', { file: error.file }));
    throw error;
  }
  if (loaded.source === 'generated') options.warn(t(locale, 'trust.keyGenerated', { file: loaded.file as string }));
  else if (loaded.source === 'file' && config.DATABASE_URL) options.warn(t(locale, 'trust.keyFromFile', { file: loaded.file as string }));
  const db = await openDatabase({ ...config, poolSize: config.ZEREN_DB_POOL_SIZE, ledgerKey: loaded.key, onIdleError: options.idleError });
  try {
    {
      if (config.DATABASE_OWNER_URL) {
        const { role, tooStrong } = await roleStrength(db.kysely as never);
        if (tooStrong) throw fail(ErrorCode.ConfigInvalid, t(locale, 'trust.roleTooStrong', { role }));
        const owner = await openDatabase({ DATABASE_URL: config.DATABASE_OWNER_URL, DATA_DIR: config.DATA_DIR, poolSize: 2 });
        try {
          const applied = await migrateToLatest(owner);
          options.migrated?.(applied.map((result) => result.migrationName));
          await grantBotRole(owner.kysely as never, role);
        } finally {
          await owner.close();
        }
        options.info?.(t(locale, 'trust.granted', { role }));
      } else {
        const applied = await migrateToLatest(db);
        options.migrated?.(applied.map((result) => result.migrationName));
      }
    }
    const keying = await sealLedgerKeying(db.kysely);
    if (keying === 'mismatch') throw fail(ErrorCode.ConfigInvalid, t(locale, 'trust.keyMismatch'));
    if (keying === 'missing') options.warn(t(locale, 'trust.keyingMissing'));
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
