// One tick as production runs it, for bench/tick.ts: the compiled code (dist/) in a process of
// its own, with the heap policy the `zeren` command sets (src/app/heap.ts). Arguments: the
// database URL and the instant; BENCH_LEDGER_KEY, ZEREN_TIMEZONE, BENCH_WORKING_HOURS (JSON) and
// BENCH_CHUNK_ITEMS from the environment. Prints the tick's figures as one line of JSON.
import { boundHeapGrowth } from '../../dist/src/app/heap.js';
import { openDatabase } from '../../dist/src/db/database.js';
import { tick } from '../../dist/src/services/tick.js';

boundHeapGrowth();
const [url, at] = process.argv.slice(2);
const db = await openDatabase({ DATABASE_URL: url, DATA_DIR: '', ledgerKey: Buffer.from(process.env.BENCH_LEDGER_KEY ?? '', 'utf8') });
try {
  const started = performance.now();
  const chunk = process.env.BENCH_CHUNK_ITEMS;
  const result = await tick({
    db: db.kysely,
    now: new Date(at),
    timeZone: process.env.ZEREN_TIMEZONE,
    workingHours: JSON.parse(process.env.BENCH_WORKING_HOURS ?? '["09:00","18:00"]'),
    ...(chunk && { chunkItems: Number(chunk) }),
  });
  const { items, decided, enqueued, decideMs, writeMs } = result;
  process.stdout.write(`${JSON.stringify({ items, decided, enqueued, decideMs, writeMs, totalMs: performance.now() - started })}\n`);
} finally {
  await db.close();
}
