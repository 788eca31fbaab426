// The scheduler at scale: 1,500 units / 50,000 weekly items (BENCH_UNITS / BENCH_ITEMS), on
// PostgreSQL when DATABASE_URL is set (else PGlite, whose own memory makes the RSS figure moot).
//   (a) `tick` at the first prompt instant: decide and enqueue ≈ one prompt per item;
//   (b) the same tick again: nothing new;
//   (c) a tick two working days later: reminders (a DM to each owner, a reply in the prompt's thread);
//   (d) the dispatcher draining the first BENCH_SAMPLE messages (or BENCH_SAMPLE_SECONDS) against the
//       fake Slack with 20 ms per call, through a real WebClient and the Slack renderer: messages/s
//       overall and the fastest any one channel was posted to;
//   (e) peak RSS of this process while it ticks and delivers (sampled every 50 ms): it also holds the
//       fake Slack (its workspace and every call it received), tsx and the bench's own data;
//   (f) `zeren tick --at FRIDAY 16:01 --wait 90` as a cron runs it, in a process of its own (the
//       compiled build when dist/ is fresh, see bench-kit's zerenCommand): channel set-up, the tick
//       with the weekly digests of every unit (the 16:00 digest tick), their delivery; its peak RSS
//       (the kernel's high-water mark) is Zeren's own;
//   (g) the next Monday's tick: the week's prompts and every silent item's first escalation.
// On PostgreSQL with dist/ fresh, the ticks (a)–(c) and (g) run as production runs them: the
// compiled build, each in a process of its own (support/tick-process.mjs), whose peak RSS is
// printed too; else here, through tsx.
// Targets: decide ≤ 1 s; ≥ 50 messages/s overall while never more than ~1/s to one channel;
// memory ≤ 250 MB RSS (judged on (f)). The data is imported by a child process (as `zeren import` would be, and
// so that the import's memory is not counted here); what the import queues (sign-off requests) is
// set aside, so that (d) samples the scheduler's own traffic: Wednesday's reminders (Monday's
// prompts, one message per unit, are marked delivered before (c), as silence counts from them).
// BENCH_DISPATCHER='{"batchSize":250}' passes options to the Dispatcher, to try other settings;
// BENCH_CHUNK_ITEMS the tick's range size (services/tick-chunks.ts).
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LogLevel, WebClient } from '@slack/web-api';
import { sql } from 'kysely';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { createServices } from '../src/app/services.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { channelRates, fakeWorkspace, freshDatabase, mb, memoryTracker, ms, runMeasured, tickInOwnProcess, verdict, zerenCommand, type TickFigures } from './support/bench-kit.js';
import { classifySlackError } from '../src/slack/delivery-errors.js';
import { Dispatcher, type Deliver, type DispatcherOptions } from '../src/outbox/dispatcher.js';
import { importFiles } from '../src/services/importer.js';
import { tick } from '../src/services/tick.js';
import { LINES_PER_MESSAGE } from '../src/outbox/messages.js';
import { localeResolver } from '../src/slack/locale.js';
import { slackDelivery } from '../src/slack/outbox-delivery.js';
import type { FakeCall } from '../test/support/fake-slack.js';
import { TEST_LEDGER_KEY } from '../test/support/test-db.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 1500);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 3000);
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? 30);
/** Open items per range the tick decides in one transaction (default: the tick's own). */
const CHUNK_ITEMS = process.env.BENCH_CHUNK_ITEMS ? Number(process.env.BENCH_CHUNK_ITEMS) : undefined;
const LATENCY_MS = 20;
const TIME_ZONE = 'Asia/Shanghai';
const WORKING_HOURS = ['09:00', '18:00'] as const;
/** Items start on Monday 9 November 2026, a normal working week; the prompt is due at 09:30. */
const START = '2026-11-09';
const FIRST_PROMPT = new Date('2026-11-09T09:31:00+08:00');
/** Two working days after the prompt: the owners' reminder (remind_after 2). */
const REMINDER = new Date('2026-11-11T09:31:00+08:00');
/** The next Monday's prompt instant: the silent items' first escalation too, for (g). */
const ESCALATION = new Date('2026-11-16T09:31:00+08:00');
/** That week's digest tick (ZEREN_DIGEST_AT's default, Friday 16:00), for (f). */
const DIGEST_TICK = '2026-11-13T16:01:00+08:00';
/** (f)'s `--wait`: long enough to deliver the digests (3 calls each at 20 ms, ~20 s for 1,500 units). */
const DIGEST_WAIT = 90;

// ---- the organisation (the same shape as bench/import.ts, weekly items starting on a Monday) ----

const perUnit = Math.ceil(ITEMS / UNITS);
const units = Array.from({ length: UNITS }, (_, u) => {
  const code = u === 0 ? 'P' : `P-${u}`;
  return {
    code,
    name: `单位${u}`,
    ...(u === 0 ? {} : { parent: u < 14 ? 'P' : `P-${1 + (u % 13)}` }),
    head: `U${String(u).padStart(6, '0')}H`,
    supervisor: 'U000000S',
    owners: [0, 1, 2].map((k) => `U${String(u).padStart(6, '0')}O${k}`),
    channelId: `C${code.replace(/-/g, '')}`,
    channelName: `zr-${code.toLowerCase()}`,
  };
});

/** Imports the organisation and gives every unit a ready channel, as channel set-up would. */
async function build(db: Db): Promise<void> {
  const lists = units
    .map((unit, u) => ({
      unit: unit.code,
      year: 2026,
      items: Array.from({ length: Math.max(0, Math.min(perUnit, ITEMS - u * perUnit)) }, (_, i) => ({
        code: `${unit.code}-2026-${i}`,
        title: `事项${i}`,
        responsibility: i % 2 ? 'primary' : 'supervisory',
        owners: [unit.owners[i % 3]],
        due: '2026-12-31',
        cadence: 'weekly',
        start: START,
      })),
    }))
    .filter((list) => list.items.length);
  const content = stringify({ units: units.map(({ owners: _o, channelId: _c, channelName: _n, ...unit }) => unit), lists });
  const started = performance.now();
  const outcome = await importFiles({ db: db.kysely, now: new Date('2026-11-02T01:00:00Z'), timeZone: TIME_ZONE }, [{ name: 'bench.yaml', content }]);
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  await sql`update units set channel_id = 'C' || replace(code, '-', ''), channel_name = 'zr-' || lower(code), channel_ready_at = ${new Date('2026-11-02T01:00:00Z')}`.execute(db.kysely);
  // ... with their heads, supervisors and owners brought in (else (f)'s channel set-up invites them all).
  await sql`insert into unit_members (unit_code, user_id, state)
    select code, head_user, 'member' from units where head_user is not null
    union select code, supervisor_user, 'member' from units where supervisor_user is not null
    union select l.unit_code, o.user_id, 'member' from item_owners o join items i on i.code = o.item_code join lists l on l.id = i.list_id`.execute(db.kysely);
  // What the import itself queued (sign-off requests to the heads) is not the scheduler's traffic:
  // counted as delivered, so that (d) samples the tick's messages.
  const aside = await sql`update outbox set state = 'sent', sent_at = now() where state = 'pending'`.execute(db.kysely);
  if (Number(aside.numAffectedRows ?? 0) > 0) console.log(`setup: ${aside.numAffectedRows} message(s) queued by the import set aside (marked sent)`);
  // As autovacuum would soon after a bulk import: the tick's plans see the tables' real sizes.
  await sql`analyze`.execute(db.kysely);
  console.log(`setup: imported ${UNITS} units, ${ITEMS} items and readied their channels in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A fresh database: on the PostgreSQL server of DATABASE_URL (filled by a child process), else an in-memory PGlite (filled here). */



async function main(): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  console.log(`engine: ${engine}; ${UNITS} units, ${ITEMS} weekly items starting ${START}; fake Slack at ${LATENCY_MS} ms per call`);
  if (engine === 'pglite') {
    console.log('NOTE: run without DATABASE_URL: PGlite runs inside this process (~800 MB of its own) and the data is built here too, so the RSS figure says nothing about Zeren; set DATABASE_URL for the real figures.');
  }
  const fake = await fakeWorkspace(units, LATENCY_MS);
  const { db, close, url } = await freshDatabase({ name: 'tick', script: fileURLToPath(import.meta.url), build });

  // (e) from here on: the tick and the dispatcher.
  const memory = memoryTracker();
  const { baseline, phasePeaks } = memory;
  const phase = memory.phase;
  // The ticks run as production runs them where they can: the compiled build in a process of its
  // own (on PostgreSQL, with dist/ fresh; bench/support/tick-process.mjs); else here, through tsx.
  const tickCommand = zerenCommand('tick');
  const tickHere = !url || tickCommand.name !== 'dist';
  console.log(`ticks: ${tickHere ? `in this process, through tsx${url ? ` (${tickCommand.note})` : ' (PGlite is in this process)'}` : 'the compiled build (dist/), each in a process of its own'}`);
  const runTick = async (now: Date): Promise<TickFigures> => {
    const own = url ? await tickInOwnProcess({ url, at: now, timeZone: TIME_ZONE, workingHours: WORKING_HOURS, chunkItems: CHUNK_ITEMS }) : undefined;
    if (own) return own;
    const started = performance.now();
    const result = await tick({ db: db.kysely, now, timeZone: TIME_ZONE, workingHours: WORKING_HOURS, ...(CHUNK_ITEMS && { chunkItems: CHUNK_ITEMS }) });
    return { ...result, totalMs: performance.now() - started };
  };
  const describeTick = (label: string, result: TickFigures) =>
    console.log(
      `${label}: ${result.items} items, decided ${JSON.stringify(result.decided)}, enqueued ${result.enqueued}; decide ${ms(result.decideMs)} (target ≤ 1000 ms: ${verdict(result.decideMs <= 1000)}), write ${ms(result.writeMs)}, total ${ms(result.totalMs)}` +
        (result.peakRss ? `; the tick's process peaked at ${mb(result.peakRss)} RSS` : ''),
    );

  try {
    const first = await phase('tick (a)', () => runTick(FIRST_PROMPT));
    describeTick(`(a) tick at ${FIRST_PROMPT.toISOString()} (first prompts)`, first);
    // One prompt per unit and instant (SPEC §2.4): a message per unit, more only past a message's lines.
    console.log(`    messages on the prompt day: ${first.enqueued} for ${ITEMS} items of ${UNITS} units (target: one per unit and instant, ~${UNITS}: ${verdict(first.enqueued <= UNITS * Math.ceil(ITEMS / UNITS / LINES_PER_MESSAGE))})`);
    const again = await phase('tick (b)', () => runTick(FIRST_PROMPT));
    describeTick('(b) the same tick again', again);
    // The prompts reached Slack (silence counts from a delivered prompt): (c) then has reminders to send.
    await sql`update outbox set state = 'sent', sent_at = ${FIRST_PROMPT} where state = 'pending'`.execute(db.kysely);
    const reminders = await phase('tick (c)', () => runTick(REMINDER));
    describeTick(`(c) tick at ${REMINDER.toISOString()} (reminders)`, reminders);

    // (d) The dispatcher as `zeren tick` and the server build it: defaults, a client that never
    // retries by itself, the Slack renderer, the clock never behind the wall clock.
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.url, LOG_LEVEL: 'silent', ZEREN_LOCALE: 'zh-CN' });
    const clock = () => new Date(Math.max(Date.now(), REMINDER.getTime()));
    const services = createServices(db.kysely, clock, config);
    const logger = pino({ level: 'silent' });
    const client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000, logLevel: LogLevel.ERROR });
    const render = slackDelivery({ client, channelLocale: config.ZEREN_LOCALE, localeOf: localeResolver(services, client, logger), postedAs: services.deliveries.postedAs });
    const extra = JSON.parse(process.env.BENCH_DISPATCHER ?? '{}') as Partial<DispatcherOptions>;
    let delivered = 0;
    let reachedAt: number | undefined;
    const deliver: Deliver = async (message) => {
      const result = await render(message);
      if (++delivered === SAMPLE) {
        reachedAt = performance.now();
        void dispatcher.stop();
      }
      return result;
    };
    const dispatcher = new Dispatcher({ db: db.kysely, deliver, classify: classifySlackError, clock, logger, ...extra });
    // How the rows due first are spread over lanes: with pacing per lane, this bounds the throughput.
    const spread = await sql<{ lanes: number }>`select count(distinct lane)::int as lanes from (select lane from outbox where state = 'pending' order by not_before, id limit ${SAMPLE}) first`.execute(db.kysely);
    console.log(`    the first ${SAMPLE} rows due in the outbox go to ${spread.rows[0]?.lanes} lanes`);
    fake.clearCalls();
    // The pacer spaces the dispatcher's calls; what Slack sees is also shifted by this process's own delays.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const drained = await phase('dispatcher (d)', async () => {
      const started = performance.now();
      const result = await dispatcher.drain({ deadline: new Date(Date.now() + SAMPLE_SECONDS * 1000) });
      await dispatcher.stop();
      return { ...result, seconds: ((reachedAt ?? performance.now()) - started) / 1000 };
    });
    lag.disable();
    const posts = fake.callsTo('chat.postMessage');
    const rate = Math.min(delivered, SAMPLE) / drained.seconds;
    const lanes = channelRates(posts);
    const span = posts.length > 1 ? ((posts.at(-1) as FakeCall).at - (posts[0] as FakeCall).at) / 1000 : 0;
    console.log(
      `(d) dispatcher${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}: ${Math.min(delivered, SAMPLE)} messages in ${drained.seconds.toFixed(1)} s = ${rate.toFixed(1)} messages/s (target ≥ 50: ${verdict(rate >= 50)}); ` +
        `${posts.length} chat.postMessage calls over ${span.toFixed(1)} s to ${lanes.lanes} lanes; ${drained.retried} retried, ${drained.failed} failed; ${fake.violations.length} Block Kit violations`,
    );
    // "About 1 per second per channel, short bursts tolerated" (Slack): at most 2 within any second
    // (a pair ~1 s apart, shifted by network and event-loop jitter) and at most 11 within any 10 s.
    const paced = lanes.maxIn1s <= 2 && lanes.maxIn10s <= 11;
    console.log(
      `    per channel, as the fake received them: shortest interval between two posts ${Number.isFinite(lanes.minInterval) ? ms(lanes.minInterval) : 'n/a'}${lanes.minLane ? ` (${lanes.minLane})` : ''}; ` +
        `at most ${lanes.maxIn1s} post(s) within any 1 s and ${lanes.maxIn10s} within any 10 s (target ~1/s, i.e. ≤ 2 per 1 s and ≤ 11 per 10 s: ${verdict(paced)}); ` +
        `event-loop delay here p99 ${ms(lag.percentile(99) / 1e6)}, max ${ms(lag.max / 1e6)}`,
    );
    memory.stop();
    const overall = Math.max(...Object.values(phasePeaks));
    console.log(
      `(e) peak RSS of this process ${mb(overall)}${engine === 'pglite' ? ', but PGlite is inside this process' : ''}; by phase: ${Object.entries(phasePeaks)
        .map(([name, bytes]) => `${name} ${mb(bytes)}`)
        .join(', ')}; ${mb(baseline)} before the first tick (the code loaded through tsx, the fake Slack's workspace, the pool)${tickHere ? '' : '; the ticks ran in processes of their own'}`,
    );
    if (url) {
      // (f) Production's own process: `zeren tick` as a cron runs it, against the same database and
      // fake Slack. What (d) left of Wednesday's reminders is set aside, so that the run delivers
      // the digests it queues (a digest and its chart per unit: three calls each).
      const command = tickCommand;
      await sql`update outbox set state = 'sent', sent_at = now() where state = 'pending'`.execute(db.kysely);
      fake.clearCalls();
      const run = await runMeasured([...command.args, '--at', DIGEST_TICK, '--wait', String(DIGEST_WAIT)], {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        DATA_DIR: tmpdir(),
        ZEREN_LEDGER_KEY: TEST_LEDGER_KEY.toString('utf8'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_API_URL: fake.url,
        ZEREN_TIMEZONE: TIME_ZONE,
        ZEREN_WORKING_HOURS: WORKING_HOURS.join('-'),
        ZEREN_LOCALE: 'zh-CN',
        LOG_LEVEL: 'error',
      });
      const digests = await sql<{ n: number }>`select count(*)::int as n from outbox where idempotency_key like 'digest:%'`.execute(db.kysely);
      const summary = run.stdout.trim().split('\n').at(-1) ?? '';
      console.log(
        `(f) zeren tick --at ${DIGEST_TICK} --wait ${DIGEST_WAIT} (${command.name}${command.note ? `, ${command.note}` : ''}): exit ${run.code} in ${run.seconds.toFixed(1)} s; ${digests.rows[0]?.n} digests queued; ${fake.callsTo('chat.postMessage').length} posts; ` +
          `peak RSS ${mb(run.peakRss)} (target ≤ 250 MB: ${verdict(run.peakRss > 0 && run.peakRss <= 250 * 2 ** 20)})\n    ${summary}${run.code ? `\n    ${run.stderr.trim().split('\n').at(-1)}` : ''}`,
      );
    }
    // (g) The next Monday: the week's prompts, and the silent items' first escalation (to their
    // unit heads), whose text says whether the owners were reminded (delivered steps looked up).
    await sql`update outbox set state = 'sent', sent_at = now() where state = 'pending'`.execute(db.kysely);
    describeTick(`(g) tick at ${ESCALATION.toISOString()} (prompts and escalations)`, await runTick(ESCALATION));
  } finally {
    memory.stop();
    await close();
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
