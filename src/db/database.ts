import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { join, resolve } from 'node:path';
import { lockDataDir } from './embedded-lock.js';
import { LedgerKeyPlugin } from './ledger-key.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** An open database: the Kysely instance, which engine serves it, and how to close it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** Answers whether the database responds within the time given. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** The connection pool's figures for the metrics: PostgreSQL's pool, or PGlite's one in-process connection (no idle/waiting). */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  max: number;
  total: number;
  idle?: number;
  waiting?: number;
}

const INT8 = 20;
const DATE = 1082;
// Dates stay 'YYYY-MM-DD' text (a Date would pin them to some zone's midnight); int8 ids and
// counts become numbers, which they fit in.
const parseInt8 = (value: string) => Number.parseInt(value, 10);
const keepText = (value: string) => value;

export interface DatabaseOptions {
  DATABASE_URL?: string | undefined;
  DATA_DIR: string;
  /** Tests pass an in-memory PGlite instead of a data directory. */
  pglite?: PGlite;
  poolSize?: number;
  /** The key of the ledger's chain hashes (db/ledger-key.ts); without it nothing can be appended. */
  ledgerKey?: Buffer | undefined;
  /**
   * Told when an idle pooled PostgreSQL connection fails (the server restarted, a network cut):
   * the pool drops it and the next query reconnects, so it is worth a log line, not a crash.
   */
  onIdleError?: ((error: Error) => void) | undefined;
}

/**
 * Opens PostgreSQL when `DATABASE_URL` is set, else the embedded PGlite in `DATA_DIR`
 * (one process at a time: a second one gets a one-line error).
 *
 * @example
 * const db = await openDatabase({ DATA_DIR: './data' });
 * await db.kysely.selectFrom('units').selectAll().execute();
 */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const keyed = (kysely: Kysely<Database>) => (options.ledgerKey ? kysely.withPlugin(new LedgerKeyPlugin(options.ledgerKey)) : kysely);
  if (options.DATABASE_URL) return openPostgres(options.DATABASE_URL, options.poolSize ?? 10, keyed, options.onIdleError);
  if (options.pglite) return wrap(keyed(new Kysely<Database>({ dialect: new PGliteDialect({ pglite: options.pglite }) })), 'pglite');
  const dataDir = resolve(options.DATA_DIR);
  const unlock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(join(dataDir, 'pglite'), {
      parsers: { [INT8]: parseInt8, [DATE]: keepText },
    });
    return wrap(keyed(new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })), 'pglite', unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * A PGlite configured the way {@link openDatabase} configures its own, in memory, for tests;
 * `loadDataDir` starts it from a dump (`dumpDataDir()`) instead of an empty cluster.
 */
export const createMemoryPglite = (options: { loadDataDir?: Blob } = {}) => PGlite.create({ parsers: { [INT8]: parseInt8, [DATE]: keepText }, ...options });

function openPostgres(connectionString: string, max: number, keyed: (kysely: Kysely<Database>) => Kysely<Database>, onIdleError?: (error: Error) => void): Db {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process (an 'error' event without a
  // listener would); the pool drops it, the next query reconnects, and the owner is told.
  pool.on('error', (error) => onIdleError?.(error));
  const stats = (): PoolStats => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return wrap(keyed(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })), 'postgres', undefined, stats);
}

function wrap(kysely: Kysely<Database>, engine: Engine, release?: () => void, stats?: () => PoolStats): Db {
  let closed = false;
  return {
    kysely,
    engine,
    poolStats: () => stats?.() ?? { max: 1, total: closed ? 0 : 1 },
    async ping(timeoutMs = 2000) {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((done) => {
        timer = setTimeout(() => done(false), timeoutMs);
      });
      const query = sql`select 1`.execute(kysely).then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await kysely.destroy();
      } finally {
        release?.();
      }
    },
  };
}
