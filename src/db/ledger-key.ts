import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * Carries the ledger's key with a Kysely instance and every transaction made from it, so that
 * `appendLedger(trx, …)` and `verifyLedger(db)` find it without each use case handing it down.
 * It changes no query: the key never goes to the database.
 */
export class LedgerKeyPlugin implements KyselyPlugin {
  constructor(readonly key: Buffer) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

export class LedgerKeyMissingError extends Error {
  constructor() {
    super('no ledger key: open the database through openDatabase({ ledgerKey }) (see src/db/ledger-key.ts)');
  }
}

/** The key that the database handle (or transaction) was opened with. */
export function ledgerKeyOf(db: Kysely<never> | { getExecutor(): { plugins: ReadonlyArray<KyselyPlugin> } }): Buffer {
  const plugin = (db as { getExecutor(): { plugins: ReadonlyArray<KyselyPlugin> } }).getExecutor().plugins.find((p): p is LedgerKeyPlugin => p instanceof LedgerKeyPlugin);
  if (!plugin) throw new LedgerKeyMissingError();
  return plugin.key;
}

/** The key file's name in DATA_DIR, made on the first start without ZEREN_LEDGER_KEY. */
export const LEDGER_KEY_FILE = 'ledger.key';

export interface LoadedLedgerKey {
  key: Buffer;
  /** Where it came from: the setting, a key file read, or a key file just made. */
  source: 'setting' | 'file' | 'generated';
  file?: string;
}

/**
 * ZEREN_LEDGER_KEY when set; else the key in DATA_DIR/ledger.key, made (32 random bytes, hex,
 * mode 0600) when there is none yet.
 */
export function loadLedgerKey(config: { ZEREN_LEDGER_KEY?: string | undefined; DATA_DIR: string }): LoadedLedgerKey {
  if (config.ZEREN_LEDGER_KEY) return { key: Buffer.from(config.ZEREN_LEDGER_KEY, 'utf8'), source: 'setting' };
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, LEDGER_KEY_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[\x21-\x7e]{32,}$/.test(text)) throw new LedgerKeyFileError(file);
    return { key: Buffer.from(text, 'utf8'), source: 'file', file };
  }
  mkdirSync(dir, { recursive: true });
  const text = randomBytes(32).toString('hex');
  // 'wx': two processes starting at once must not each write a key of their own.
  try {
    writeFileSync(file, `${text}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadLedgerKey(config);
    throw error;
  }
  chmodSync(file, 0o600);
  return { key: Buffer.from(text, 'utf8'), source: 'generated', file };
}

export class LedgerKeyFileError extends Error {
  constructor(readonly file: string) {
    super(`the ledger key file ${file} does not hold a key (at least 32 printable characters)`);
  }
}
