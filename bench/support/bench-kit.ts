// What the benchmarks share: a scratch database built by a child process, and how figures are
// printed. (A folder of its own, so that `npm run bench` does not run it as a benchmark.)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { sealLedgerKeying } from '../../src/services/ledger-verify.js';
import { BOT_USER_ID, startFakeSlack, type FakeCall } from '../../test/support/fake-slack.js';
import { createTestDb, TEST_LEDGER_KEY } from '../../test/support/test-db.js';

/**
 * A fresh, migrated database filled by `build`: on PostgreSQL (DATABASE_URL) a scratch database
 * filled by the benchmark's own script run again as a child with BENCH_ROLE=build and BENCH_DB_URL
 * (so that building is not counted in the figures), dropped on close (or if building fails; kept,
 * with its URL printed, when BENCH_KEEP_DB=1, to look at afterwards); else an in-memory PGlite.
 */
export async function freshDatabase(options: { name: string; script: string; build: (db: Db) => Promise<void> }): Promise<{ db: Db; close: () => Promise<void>; url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const testDb = await createTestDb();
    await options.build(testDb.db);
    return { db: testDb.db, close: () => testDb.close() };
  }
  const name = `zeren_bench_${options.name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const own = new URL(url);
  own.pathname = `/${name}`;
  const drop = async () => {
    if (process.env.BENCH_KEEP_DB === '1') {
      console.log(`(kept the scratch database: ${own.toString()})`);
      return;
    }
    const cleaner = new pg.Client({ connectionString: url });
    await cleaner.connect();
    await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleaner.end();
  };
  const db = await openDatabase({ DATABASE_URL: own.toString(), DATA_DIR: '', ledgerKey: TEST_LEDGER_KEY });
  try {
    await migrateToLatest(db);
    await sealLedgerKeying(db.kysely);
    const child = spawnSync(process.execPath, ['--import', 'tsx', options.script], {
      env: { ...process.env, BENCH_ROLE: 'build', BENCH_DB_URL: own.toString() },
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error('building the data failed');
  } catch (error) {
    await db.close();
    await drop();
    throw error;
  }
  return {
    db,
    /** The scratch database's URL, for other processes to open. */
    url: own.toString(),
    async close() {
      await db.close();
      await drop();
    },
  };
}

export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
export const ms = (value: number) => `${Math.round(value)} ms`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/**
 * Per channel, as Slack received them: the shortest interval between two consecutive posts, and
 * the most posts within any 1 s and any 10 s (sliding windows). `channelOf` names a call's channel.
 */
export function channelRates(calls: FakeCall[], channelOf: (call: FakeCall) => string = (call) => String(call.args.channel)) {
  const byLane = new Map<string, number[]>();
  for (const call of calls) {
    const lane = channelOf(call);
    const times = byLane.get(lane);
    if (times) times.push(call.at);
    else byLane.set(lane, [call.at]);
  }
  let minInterval = Number.POSITIVE_INFINITY;
  let minLane = '';
  const most = (times: number[], windowMs: number) => {
    let first = 0;
    let found = 0;
    for (let i = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[first] as number) >= windowMs) first++;
      found = Math.max(found, i - first + 1);
    }
    return found;
  };
  let maxIn1s = 0;
  let maxIn10s = 0;
  for (const [lane, times] of byLane) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      if ((times[i] as number) - (times[i - 1] as number) < minInterval) {
        minInterval = (times[i] as number) - (times[i - 1] as number);
        minLane = lane;
      }
    }
    maxIn1s = Math.max(maxIn1s, most(times, 1000));
    maxIn10s = Math.max(maxIn10s, most(times, 10_000));
  }
  return { lanes: byLane.size, minInterval, minLane, maxIn1s, maxIn10s };
}

/** Peak RSS, sampled every 50 ms, overall and by named phase. */
export function memoryTracker() {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const phasePeaks: Record<string, number> = {};
  return {
    baseline,
    phasePeaks,
    /** Runs `work`, noting the peak while it ran under `name`. */
    async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
      peak = process.memoryUsage().rss;
      const result = await work();
      phasePeaks[name] = Math.max(peak, process.memoryUsage().rss);
      return result;
    },
    stop: () => clearInterval(sampler),
  };
}

/** A fake Slack with every unit's people and a ready channel the bot is in. */
export async function fakeWorkspace(units: { head: string; owners: string[]; channelId: string; channelName: string }[], latencyMs: number) {
  const fake = await startFakeSlack({ latencyMs });
  fake.addUser({ id: 'U000000S' });
  for (const unit of units) {
    fake.addUser({ id: unit.head });
    for (const owner of unit.owners) fake.addUser({ id: owner });
    fake.addChannel({ id: unit.channelId, name: unit.channelName, members: [BOT_USER_ID, unit.head, ...unit.owners] });
  }
  return fake;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * How to run `zeren COMMAND` as production does: the compiled build (dist/) when it is there and
 * newer than every file in src/, else the TypeScript sources through tsx (bin/zeren-dev.js), with
 * a note saying why; `chosen` ('dist' | 'tsx') decides instead.
 */
export function zerenCommand(command: string, chosen?: string): { name: 'dist' | 'tsx'; args: string[]; note?: string } {
  const dist = { name: 'dist' as const, args: [join(ROOT, 'bin/zeren.js'), command] };
  const tsx = { name: 'tsx' as const, args: [join(ROOT, 'bin/zeren-dev.js'), command] };
  if (chosen === 'dist') return dist;
  if (chosen === 'tsx') return tsx;
  const entry = join(ROOT, 'dist/src/cli.js');
  if (!existsSync(entry)) return { ...tsx, note: 'no dist/ (npm run build)' };
  const newest = (folder: string): number =>
    Math.max(0, ...readdirSync(folder, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs)));
  if (newest(join(ROOT, 'src')) > statSync(entry).mtimeMs) return { ...tsx, note: 'dist/ is older than src/' };
  return dist;
}

/**
 * Runs a process to its end and reports its exit code, output and peak resident set (the kernel's
 * high-water mark, VmHWM in /proc/PID/status, read every 20 ms while it runs: Linux only).
 */
export async function runMeasured(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; peakRss: number; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakRss = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
    } catch {
      // gone already
    }
  };
  const sampler = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));
  clearInterval(sampler);
  return { code, stdout, stderr, peakRss, seconds: (performance.now() - started) / 1000 };
}

/** What a tick reports, and the peak RSS of its process when it ran in one. */
export interface TickFigures {
  items: number;
  decided: Record<string, number>;
  enqueued: number;
  decideMs: number;
  writeMs: number;
  totalMs: number;
  peakRss?: number;
}

/**
 * One tick as production runs it: the compiled build (dist/, see {@link zerenCommand}) in a
 * process of its own (tick-process.mjs), on the PostgreSQL database at `url`, with the peak RSS
 * of that process. Undefined when dist/ is missing or stale (the caller ticks in its own process).
 */
export async function tickInOwnProcess(options: { url: string; at: Date; timeZone: string; workingHours: readonly string[]; chunkItems?: number | undefined }): Promise<TickFigures | undefined> {
  if (zerenCommand('tick').name !== 'dist') return undefined;
  const run = await runMeasured([join(ROOT, 'bench/support/tick-process.mjs'), options.url, options.at.toISOString()], {
    PATH: process.env.PATH,
    BENCH_LEDGER_KEY: TEST_LEDGER_KEY.toString('utf8'),
    ZEREN_TIMEZONE: options.timeZone,
    BENCH_WORKING_HOURS: JSON.stringify(options.workingHours),
    ...(options.chunkItems && { BENCH_CHUNK_ITEMS: String(options.chunkItems) }),
  });
  if (run.code !== 0) throw new Error(`the tick's process failed (exit ${run.code}): ${run.stderr.trim()}`);
  return { ...(JSON.parse(run.stdout) as Omit<TickFigures, 'peakRss'>), peakRss: run.peakRss };
}
