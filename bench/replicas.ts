// Replicas sharing one outbox (issue 15, point 6): real `zeren start` processes on one PostgreSQL
// database, each with its in-process cron (ZEREN_SCHEDULER=on) and its dispatcher, against one fake
// Slack in this process, first ONE process and then THREE (BENCH_REPLICA_COUNT) on the same work:
//   - an organisation of BENCH_REPLICA_UNITS units (50), each with a ready channel, a head and three
//     owners: 250 lanes (a channel or a person each);
//   - once every process is ready (GET /healthz answers 200), BENCH_REPLICA_MESSAGES (3,000) messages
//     enqueued at once through src/outbox's enqueue(), round-robin over the lanes (report notices to
//     the channels, reminder DMs to the people), due now;
// NOTE: at this size the channels' 18 messages each (12 + 6 notices) bound a run to ~17 s at one a
// second, near what one process reaches, so the throughput ratio mostly measures the pacing.
//   - meanwhile BENCH_REPLICA_REQUESTS (300) signed `/progress ITEM 40% on-track …` requests sent
//     round-robin to the processes' /slack/events at BENCH_REPLICA_RATE a second (20), each of which
//     records a report and queues a notice to its unit's channel;
//   - when the outbox has nothing due left, the processes get SIGTERM.
// Printed per run, from the database and from what the fake Slack received (each post carries its
// outbox key in its metadata): messages queued, posts received, duplicates (a key posted twice;
// target 0), lost (queued and never posted; target 0), the per-channel rate (target ≤ 2 posts in
// any 1 s and ≤ 11 in any 10 s, i.e. Slack's ~1 a second), and the three processes' throughput as a
// ratio of the single one's (target ≥ 1: replicas never deliver slower than one process).
// Needs DATABASE_URL (PGlite cannot be shared by processes): without it, says so and exits 0.
// The processes run the compiled build (dist/, `npm run build`) when it is there and newer than
// every file in src/, else the TypeScript sources through tsx (bin/zeren-dev.js); BENCH_REPLICA_RUNTIME
// = dist | tsx chooses. Their logs (LOG_LEVEL=warn) go to a temporary folder, whose path is printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { openDatabase, type Db } from '../src/db/database.js';
import { enqueue, type OutboxMessage } from '../src/outbox/outbox.js';
import { importFiles } from '../src/services/importer.js';
import type { FakeCall, FakeSlack } from '../test/support/fake-slack.js';
import { SIGNING_SECRET, slashCommand } from '../test/support/sign.js';
import { TEST_LEDGER_KEY } from '../test/support/test-db.js';
import { channelRates, fakeWorkspace, freshDatabase, ms, verdict, zerenCommand } from './support/bench-kit.js';

const UNITS = Number(process.env.BENCH_REPLICA_UNITS ?? 50);
const MESSAGES = Number(process.env.BENCH_REPLICA_MESSAGES ?? 3000);
const REQUESTS = Number(process.env.BENCH_REPLICA_REQUESTS ?? 300);
const RATE = Number(process.env.BENCH_REPLICA_RATE ?? 20);
const REPLICAS = Number(process.env.BENCH_REPLICA_COUNT ?? 3);
const LATENCY_MS = Number(process.env.BENCH_REPLICA_LATENCY_MS ?? 20);
const TIMEOUT_S = Number(process.env.BENCH_REPLICA_TIMEOUT_S ?? 300);
const PACING_MS = 1000;
const TIME_ZONE = 'Asia/Shanghai';

// ---- the organisation ---------------------------------------------------------------------------

const units = Array.from({ length: UNITS }, (_, u) => {
  const code = u === 0 ? 'R' : `R-${u}`;
  return {
    code,
    name: `单位${u}`,
    ...(u === 0 ? {} : { parent: u < 8 ? 'R' : `R-${1 + (u % 7)}` }),
    head: `U${String(u).padStart(6, '0')}H`,
    supervisor: 'U000000S',
    owners: [0, 1, 2].map((k) => `U${String(u).padStart(6, '0')}O${k}`),
    channelId: `C${code.replace(/-/g, '')}`,
    channelName: `zr-${code.toLowerCase()}`,
  };
});
const itemOf = (u: number, k: number) => `${(units[u] as (typeof units)[number]).code}-${k}`;

/**
 * Imports the organisation (three items a unit, one per owner, in a list of 2030 that starts in
 * 2030, so that the processes' ticks decide nothing of their own now) and readies the channels.
 */
async function build(db: Db): Promise<void> {
  const content = stringify({
    units: units.map(({ owners: _o, channelId: _c, channelName: _n, ...unit }) => unit),
    lists: units.map((unit, u) => ({
      unit: unit.code,
      year: 2030,
      items: unit.owners.map((owner, k) => ({ code: itemOf(u, k), title: `事项${k}`, responsibility: 'primary', owners: [owner], due: '2030-12-31', cadence: 'weekly', start: '2030-01-07' })),
    })),
  });
  const outcome = await importFiles({ db: db.kysely, now: new Date(), timeZone: TIME_ZONE }, [{ name: 'replicas.yaml', content }]);
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  await sql`update units set channel_id = 'C' || replace(code, '-', ''), channel_name = 'zr-' || lower(code), channel_ready_at = now()`.execute(db.kysely);
  // What the import queued (sign-off requests to the heads) would go to whichever process starts
  // first: set aside, so that both runs deliver the same messages.
  await sql`update outbox set state = 'sent', sent_at = now() where state = 'pending'`.execute(db.kysely);
}

/** The run's messages, round-robin over the lanes: a report notice to a channel, a reminder DM to a person. */
function messages(run: string): OutboxMessage[] {
  const lanes = units.flatMap((unit, u) => [{ u, lane: unit.channelId }, { u, lane: unit.head }, ...unit.owners.map((owner) => ({ u, lane: owner }))]);
  return Array.from({ length: MESSAGES }, (_, i): OutboxMessage => {
    const { u, lane } = lanes[i % lanes.length] as (typeof lanes)[number];
    const unit = units[u] as (typeof units)[number];
    const item = itemOf(u, i % 3);
    const key = `bench:${run}:${i}`;
    if (lane.startsWith('C')) {
      return { key, lane, kind: 'report_notice', payload: { unit: unit.code, channel: lane, item, title: `事项${i % 3}`, actor: unit.owners[i % 3] as string, percent: i % 101, status: 'on_track', note: `bench ${i}` } };
    }
    return {
      key,
      lane,
      kind: 'reminders',
      payload: { unit: unit.code, items: [{ item, title: `事项${i % 3}`, due: '2030-12-31', owners: [lane], reason: 'silence', silent_days: 2, cycle: '2030-W02' }] },
    };
  });
}

// ---- the processes ------------------------------------------------------------------------------

interface Replica {
  port: number;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

async function startReplicas(count: number, databaseUrl: string, fake: FakeSlack, logs: string, run: string): Promise<Replica[]> {
  const { args } = zerenCommand('start', process.env.BENCH_REPLICA_RUNTIME);
  const replicas: Replica[] = [];
  for (let r = 0; r < count; r++) {
    const port = 31_000 + Math.floor(Math.random() * 20_000);
    const log = join(logs, `${run}-replica-${r}.log`);
    const out = createWriteStream(log);
    const child = spawn(process.execPath, args, {
      cwd: logs,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        DATA_DIR: join(logs, `data-${run}-${r}`),
        ZEREN_LEDGER_KEY: TEST_LEDGER_KEY.toString('utf8'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ZEREN_LOCALE: 'en',
        ZEREN_TIMEZONE: TIME_ZONE,
        ZEREN_SCHEDULER: 'on',
        ZEREN_CHANNEL_PACING_MS: String(PACING_MS),
        // The weekly digest falls due at this instant and stays due for the rest of the week: at the
        // default (FRI 16:00) a run on a Friday evening would have each process's tick queue 50
        // digests for Monday morning. Sunday 23:59 is never a working moment, so no digest is due now.
        ZEREN_DIGEST_AT: 'SUN 23:59',
        ZEREN_WEB_RATE_LIMIT: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    replicas.push({ port, child, log, exited });
  }
  // Ready when /healthz says so: listening, the database answering, Slack's auth.test passed.
  const deadline = Date.now() + 120_000;
  for (const replica of replicas) {
    for (;;) {
      if (replica.child.exitCode !== null) throw new Error(`a replica exited (${replica.child.exitCode}) before it was ready; see ${replica.log}`);
      const ok = await fetch(`http://127.0.0.1:${replica.port}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`a replica was not ready within 120 s; see ${replica.log}`);
      await sleep(200);
    }
  }
  return replicas;
}

async function stopReplicas(replicas: Replica[]): Promise<(number | null)[]> {
  for (const replica of replicas) replica.child.kill('SIGTERM');
  return Promise.all(
    replicas.map(async (replica) => {
      const timer = setTimeout(() => replica.child.kill('SIGKILL'), 30_000);
      const code = await replica.exited;
      clearTimeout(timer);
      return code;
    }),
  );
}

// ---- one run ------------------------------------------------------------------------------------

interface RunResult {
  replicas: number;
  queued: number;
  later: number;
  posts: number;
  otherPosts: number;
  duplicates: number;
  lost: number;
  failed: number;
  seconds: number;
  perSecond: number;
  rates: ReturnType<typeof channelRates>;
  /** The posts to the lane with the shortest interval, when the rate was not held. */
  closestLane: string[];
  requests: { sent: number; ok: number; reports: number; p50: number; p99: number };
  paced: number;
  retried: number;
  exits: (number | null)[];
  logLines: { warn: number; error: number };
  startMs: number;
}

async function runOnce(count: number, fake: FakeSlack, logs: string): Promise<RunResult> {
  const run = `r${count}`;
  const { db, close, url: databaseUrl } = await freshDatabase({ name: `replicas${count}`, script: fileURLToPath(import.meta.url), build });
  if (!databaseUrl) throw new Error('replicas need a PostgreSQL database');
  let replicas: Replica[] = [];
  try {
    const starting = performance.now();
    replicas = await startReplicas(count, databaseUrl, fake, logs, run);
    const startMs = performance.now() - starting;
    const before = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from outbox`.execute(db.kysely);
    const baseline = Number(before.rows[0]?.id ?? 0);
    fake.clearCalls();

    // The work, at once; then the requests, round-robin, on a timetable.
    const began = performance.now();
    const beganAt = Date.now();
    await enqueue(db.kysely, messages(run), new Date());
    const latencies: number[] = [];
    let ok = 0;
    const requests = (async () => {
      const sent: Promise<void>[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const due = began + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const replica = replicas[i % replicas.length] as Replica;
        const u = i % UNITS;
        const k = Math.floor(i / UNITS) % 3;
        const unit = units[u] as (typeof units)[number];
        const request = slashCommand({ text: `${itemOf(u, k)} ${(i * 7) % 100}% on-track replica bench ${i}`, user_id: unit.owners[k] as string, channel_id: unit.channelId, trigger_id: `${run}-${i}-${Math.random()}` });
        sent.push(
          (async () => {
            const started = performance.now();
            const response = await fetch(`http://127.0.0.1:${replica.port}/slack/events`, { method: 'POST', headers: request.headers, body: request.payload });
            await response.text();
            latencies.push(performance.now() - started);
            if (response.status === 200) ok++;
          })().catch(() => undefined),
        );
      }
      await Promise.all(sent);
    })();

    // Drained: the requests answered, and nothing of this run pending that is due (or was tried).
    const owed = async () => {
      const { rows } = await sql<{ owed: number }>`
        select count(*)::int as owed from outbox
        where id > ${baseline} and state = 'pending' and (not_before <= now() or attempts > 0 or last_error is not null)`.execute(db.kysely);
      return Number(rows[0]?.owed ?? 0);
    };
    const timeout = Date.now() + TIMEOUT_S * 1000;
    let requestsDone = false;
    void requests.then(() => (requestsDone = true));
    while (!(requestsDone && (await owed()) === 0) && Date.now() < timeout) await sleep(250);
    const exits = await stopReplicas(replicas);
    replicas = [];

    // What the database says was queued, and what Slack received.
    const rows = await db.kysely
      .selectFrom('outbox')
      .select(['idempotency_key', 'state', 'not_before', 'attempts', 'last_error'])
      .where('id', '>', baseline)
      .execute();
    const endedAt = Date.now();
    const tracked = rows.filter((row) => row.state !== 'pending' || new Date(row.not_before).getTime() <= endedAt || row.attempts > 0 || row.last_error !== null);
    const posts = fake.callsTo('chat.postMessage');
    const postedKeys = new Map<string, number>();
    let otherPosts = 0;
    for (const call of posts) {
      const key = (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
      if (key === undefined) otherPosts++;
      else postedKeys.set(key, (postedKeys.get(key) ?? 0) + 1);
    }
    const duplicates = [...postedKeys.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const lost = tracked.filter((row) => !postedKeys.has(row.idempotency_key)).length;
    const keyed = posts.filter((call) => (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key !== undefined);
    const last = keyed.length ? Math.max(...keyed.map((call: FakeCall) => call.at)) : beganAt;
    const seconds = (last - beganAt) / 1000;
    const rates = channelRates(keyed);
    const keyOf = (call: FakeCall) => (call.args.metadata as { event_payload?: { key?: string } }).event_payload?.key;
    // When the rate was not held: the posts to the lane with the shortest interval, when, how often tried.
    const closest = rates.maxIn1s > 2 || rates.maxIn10s > 11 ? keyed.filter((call) => String(call.args.channel) === rates.minLane).sort((a, b) => a.at - b.at) : [];
    const tries = new Map(rows.map((row) => [row.idempotency_key, `${row.attempts} tr${row.attempts === 1 ? 'y' : 'ies'}${row.last_error ? `, ${row.last_error}` : ''}`]));
    const closestLane = closest.map((call) => `${keyOf(call)} at +${call.at - beganAt} ms (${tries.get(keyOf(call) as string)})`);
    const reports = await db.kysely.selectFrom('ledger').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'report').executeTakeFirstOrThrow();
    const sorted = latencies.sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
    const logLines = { warn: 0, error: 0 };
    for (let r = 0; r < count; r++) {
      for (const line of readFileSync(join(logs, `${run}-replica-${r}.log`), 'utf8').split('\n')) {
        const level = /"level":(\d+)/.exec(line)?.[1];
        if (level === '40') logLines.warn++;
        else if (level !== undefined && Number(level) >= 50) logLines.error++;
      }
    }
    return {
      replicas: count,
      queued: tracked.length,
      later: rows.length - tracked.length,
      posts: keyed.length,
      otherPosts,
      duplicates,
      lost,
      failed: tracked.filter((row) => row.state === 'failed').length,
      seconds,
      perSecond: keyed.length / seconds,
      rates,
      closestLane,
      requests: { sent: REQUESTS, ok, reports: Number(reports.n), p50: pct(50), p99: pct(99) },
      paced: tracked.filter((row) => row.last_error?.startsWith('paced')).length,
      retried: tracked.filter((row) => row.attempts > 1).length,
      exits,
      logLines,
      startMs,
    };
  } finally {
    if (replicas.length) await stopReplicas(replicas);
    await close();
  }
}

function describe(result: RunResult): void {
  const label = `${result.replicas} process${result.replicas === 1 ? '' : 'es'}`;
  const { rates, requests } = result;
  console.log(
    `${label}: ready in ${(result.startMs / 1000).toFixed(1)} s; ${result.queued} messages queued (${MESSAGES} enqueued, ${result.queued - MESSAGES} report notices)` +
      `${result.later ? `, ${result.later} more for later not counted` : ''}; ${result.posts} posts received by the fake Slack in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(1)} messages/s` +
      `${result.otherPosts ? ` (+${result.otherPosts} posts without an outbox key)` : ''}`,
  );
  console.log(`    duplicates (a key posted more than once): ${result.duplicates} (target 0: ${verdict(result.duplicates === 0)})`);
  console.log(`    lost (queued, never posted): ${result.lost}${result.failed ? `, of which ${result.failed} failed` : ''} (target 0: ${verdict(result.lost === 0)})`);
  console.log(
    `    per channel, as the fake received them, over ${rates.lanes} lanes: shortest interval ${Number.isFinite(rates.minInterval) ? ms(rates.minInterval) : 'n/a'}${rates.minLane ? ` (${rates.minLane})` : ''}; ` +
      `at most ${rates.maxIn1s} post(s) within any 1 s and ${rates.maxIn10s} within any 10 s (target ≤ 2 and ≤ 11: ${verdict(rates.maxIn1s <= 2 && rates.maxIn10s <= 11)})`,
  );
  if (result.closestLane.length) console.log(`    posts to ${rates.minLane}: ${result.closestLane.join('; ')}`);
  console.log(
    `    requests: ${requests.ok} of ${requests.sent} answered 200, round-robin over the processes, p50 ${ms(requests.p50)}, p99 ${ms(requests.p99)}; ${requests.reports} reports in the ledger (target ${requests.sent}: ${verdict(requests.reports === requests.sent)})`,
  );
  console.log(
    `    rows given back to wait for a lane another process took: ${result.paced}; rows tried more than once: ${result.retried}; ` +
      `exit codes after SIGTERM ${result.exits.join(', ')}; log lines at warn ${result.logLines.warn}, at error ${result.logLines.error}`,
  );
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.log('skipped: replicas share a PostgreSQL database (PGlite cannot be opened by several processes); set DATABASE_URL (a role with CREATEDB) to run it');
    return;
  }
  const chosen = zerenCommand('start', process.env.BENCH_REPLICA_RUNTIME);
  const lanes = UNITS * 5;
  console.log(
    `engine: postgres; ${UNITS} units, ${lanes} lanes (a channel, a head, three owners each); ${MESSAGES} messages enqueued at once and ${REQUESTS} /progress requests at ${RATE}/s; ` +
      `fake Slack at ${LATENCY_MS} ms a call; pacing ${PACING_MS} ms; processes run through ${chosen.name}${chosen.note ? ` (${chosen.note})` : ''}`,
  );
  const logs = mkdtempSync(join(tmpdir(), 'zeren-replicas-'));
  console.log(`logs of the processes: ${logs}`);
  const fake = await fakeWorkspace(units, LATENCY_MS);
  try {
    const single = await runOnce(1, fake, logs);
    describe(single);
    const several = await runOnce(REPLICAS, fake, logs);
    describe(several);
    const ratio = several.perSecond / single.perSecond;
    // With pacing, no run can beat lanes / interval; a ratio near 1 at that bound says nothing.
    const bound = (lanes * 1000) / PACING_MS;
    console.log(
      `throughput ratio ${REPLICAS} processes / 1: ${ratio.toFixed(2)}x (${several.perSecond.toFixed(1)} vs ${single.perSecond.toFixed(1)} messages/s; target ≥ 1x: ${verdict(ratio >= 1)}); ` +
        `the lanes' pacing allows at most ${bound.toFixed(0)} messages/s`,
    );
    if (fake.violations.length) console.log(`Block Kit violations: ${fake.violations.length}`);
  } finally {
    await fake.close();
  }
}

if (process.env.BENCH_ROLE === 'build') {
  const db = await openDatabase({ DATABASE_URL: process.env.BENCH_DB_URL as string, DATA_DIR: '', ledgerKey: TEST_LEDGER_KEY });
  await build(db);
  await db.close();
} else {
  await main();
}
