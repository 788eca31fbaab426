import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { openAppDatabase } from '../app/database.js';

/** A line to standard output: what a command answers. */
export const out = (line: string) => process.stdout.write(`${line}\n`);
/** A line to standard error: problems, and notes beside the answer. */
export const err = (line: string) => process.stderr.write(`${line}\n`);

/** Runs `work` on the configured database, closed afterwards whatever happens. */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openAppDatabase(config, { warn: err });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
