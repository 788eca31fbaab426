// The scheduler over a national tree, on PostgreSQL only (issue 15, point 6): 1 province → 14
// cities → 110 counties → their townships and departments, BENCH_NATIONAL_UNITS units in all
// (default the issue's 40,000), BENCH_NATIONAL_ITEMS items (default 1,200,000; ~15 minutes on 2
// cores) on signed 2026 responsibility lists, weekly from Monday 9 November 2026, one to three
// owners each, every unit's channel ready.
//   (a) `tick` at the first prompt instant (Monday 09:31 Asia/Shanghai): one prompt per item decided,
//       one message per unit and instant enqueued;
//   (b) the same tick again: nothing new;
//   (c) after marking (a)'s messages sent, a tick two working days later: the owners' reminders.
// For each: items, decisions, messages, decide and write time, and the peak RSS of the tick: of its
// own process, the compiled build, when dist/ is fresh (bench-kit's tickInOwnProcess); else of
// this process, ticking through tsx (sampled every 50 ms). Targets: decide ≤ 10 s and RSS ≤ 400 MB per tick.
//
// The tree is generated directly in SQL (generate_series, INSERT … SELECT) by a child process of
// freshDatabase, so that building is neither timed nor counted in the RSS here; it fills every table
// a real import and channel set-up fill for the tick to find the items (units with ready channels,
// people, unit_members, signed lists, items, item_state, item_owners). It writes no ledger entries
// (the import's `imported` entries, the sign-offs' entries and approvals): the tick never reads them
// (it reads the ledger only to replay an instant earlier than a report, and there are no reports).
//
// It takes minutes and gigabytes, so `npm run bench` skips it: `npm run bench:national` (or
// `npm run bench national`). Without DATABASE_URL it says so and exits 0. The role of DATABASE_URL
// needs CREATEDB (a scratch database is created and dropped); a run that died midway (out of
// memory, killed) leaves its scratch database behind (~1 GB at full size): the next run drops
// every `zeren_bench_national_PID` whose process is gone.
import { fileURLToPath } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/database.js';
import { freshDatabase, mb, memoryTracker, ms, tickInOwnProcess, verdict, zerenCommand, type TickFigures } from './support/bench-kit.js';
import { tick } from '../src/services/tick.js';
import { LINES_PER_MESSAGE } from '../src/outbox/messages.js';
import { TEST_LEDGER_KEY } from '../test/support/test-db.js';

const UNITS = Number(process.env.BENCH_NATIONAL_UNITS ?? 40_000);
const ITEMS = Number(process.env.BENCH_NATIONAL_ITEMS ?? 1_200_000);
const CITIES = 14;
const COUNTIES = 110;
/** Owners per unit: each item has one to three of them. */
const OWNERS_PER_UNIT = 4;
const TIME_ZONE = 'Asia/Shanghai';
const WORKING_HOURS = ['09:00', '18:00'] as const;
/** Items start on Monday 9 November 2026, a normal working week; the prompt is due at 09:30. */
const START = '2026-11-09';
const DUE = '2026-12-31';
const FIRST_PROMPT = new Date('2026-11-09T09:31:00+08:00');
/** Two working days after the prompt: the owners' reminder (remind_after 2). */
const REMINDER = new Date('2026-11-11T09:31:00+08:00');
/** When the lists were imported, signed and their channels set up. */
const IMPORTED_AT = new Date('2026-01-05T01:00:00Z');
const SIGNED_AT = new Date('2026-01-20T02:00:00Z');
const DECIDE_TARGET_MS = 10_000;
const RSS_TARGET = 400 * 2 ** 20;

/**
 * The tree as an SQL expression of a unit's index `i` (0 the province, 1–14 the cities, then the
 * counties, then the units below them, spread over the counties in turn): its code, its parent's
 * code and its city (0 for the province).
 */
const treeSql = sql`
  select i, code, parent_code, city from (
    select i,
      case when i = 0 then 'P'
        when i <= ${CITIES}::int then 'P-C' || lpad(i::text, 2, '0')
        when i <= ${CITIES + COUNTIES}::int then 'P-C' || lpad((1 + (i - ${CITIES + 1}::int) % ${CITIES}::int)::text, 2, '0') || '-X' || lpad((i - ${CITIES}::int)::text, 3, '0')
        else 'P-C' || lpad((1 + (county - 1) % ${CITIES}::int)::text, 2, '0') || '-X' || lpad(county::text, 3, '0') || '-' || lpad((i - ${CITIES + COUNTIES}::int)::text, 5, '0') end as code,
      case when i = 0 then null
        when i <= ${CITIES}::int then 'P'
        when i <= ${CITIES + COUNTIES}::int then 'P-C' || lpad((1 + (i - ${CITIES + 1}::int) % ${CITIES}::int)::text, 2, '0')
        else 'P-C' || lpad((1 + (county - 1) % ${CITIES}::int)::text, 2, '0') || '-X' || lpad(county::text, 3, '0') end as parent_code,
      case when i = 0 then 0
        when i <= ${CITIES}::int then i
        when i <= ${CITIES + COUNTIES}::int then 1 + (i - ${CITIES + 1}::int) % ${CITIES}::int
        else 1 + (county - 1) % ${CITIES}::int end as city
    from (select i, 1 + (i - ${CITIES + COUNTIES + 1}::int) % ${COUNTIES}::int as county from generate_series(0, ${UNITS - 1}::int) as i) numbered
  ) tree`;

/** People's Slack ids: a unit's head and owners by its index, a city's discipline inspector (the province's is city 0). */
const head = (i: string) => sql.raw(`'U' || lpad(${i}::text, 6, '0') || 'H'`);
const owner = (i: string, k: string) => sql.raw(`'U' || lpad(${i}::text, 6, '0') || 'O' || (${k})::text`);
const supervisor = (city: string) => sql.raw(`'US' || lpad(${city}::text, 5, '0')`);

const imported = sql`${IMPORTED_AT.toISOString()}::timestamptz`;
const signed = sql`${SIGNED_AT.toISOString()}::timestamptz`;

/** Drops the scratch databases of earlier runs of this script whose process is gone. */
async function dropStale(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string }>(`select datname as name from pg_database where datname ~ '^zeren_bench_national_[0-9]+$'`);
    for (const { name } of rows) {
      const pid = Number(name.slice('zeren_bench_national_'.length));
      let alive = pid === process.pid;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (error) {
        alive ||= (error as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive) continue;
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      console.log(`dropped ${name}, left behind by a run that did not finish`);
    }
  } finally {
    await admin.end();
  }
}

/** Generates the tree in SQL on one connection (its temporary table), then `analyze`. */
async function build(db: Db): Promise<void> {
  const started = performance.now();
  await db.kysely.connection().execute(async (connection) => {
    const step = async (label: string, statement: RawBuilder<unknown>) => {
      const at = performance.now();
      const result = await statement.execute(connection);
      console.log(`setup:   ${label}: ${result.numAffectedRows ?? '-'} rows in ${((performance.now() - at) / 1000).toFixed(1)} s`);
    };
    await sql`create temporary table bench_tree as ${treeSql}`.execute(connection);
    await sql`alter table bench_tree add primary key (i)`.execute(connection);
    await step(
      'units (channels ready)',
      sql`insert into units (code, name, parent_code, head_user, supervisor_user, channel_name, channel_id, channel_ready_at, created_at, updated_at)
        select code, '单位' || i, parent_code, ${head('i')}, ${supervisor('city')}, 'zr-' || lower(code), 'C' || replace(code, '-', ''), ${imported}, ${imported}, ${imported}
        from bench_tree order by i`,
    );
    await step(
      'people',
      sql`insert into people (user_id, updated_at)
        select ${head('i')}, ${imported} from bench_tree
        union all select ${owner('i', 'k')}, ${imported} from bench_tree cross join generate_series(0, ${OWNERS_PER_UNIT - 1}::int) k
        union all select ${supervisor('c')}, ${imported} from generate_series(0, ${CITIES}::int) c`,
    );
    // Channel set-up brought each unit's head and owners into its channel.
    await step(
      'unit_members',
      sql`insert into unit_members (unit_code, user_id, state, updated_at)
        select code, ${head('i')}, 'member', ${imported} from bench_tree
        union all select code, ${owner('i', 'k')}, 'member', ${imported} from bench_tree cross join generate_series(0, ${OWNERS_PER_UNIT - 1}::int) k`,
    );
    await step(
      'lists (signed)',
      sql`insert into lists (unit_code, year, kind, version, signed_at, signed_by, created_at, updated_at)
        select code, 2026, 'responsibility', 1, ${signed}, ${head('i')}, ${imported}, ${signed} from bench_tree order by i`,
    );
    await sql`create temporary table bench_lists as select t.i, t.code, l.id from bench_tree t join lists l on l.unit_code = t.code`.execute(connection);
    await sql`alter table bench_lists add primary key (i)`.execute(connection);
    // Item n belongs to unit n mod UNITS, as its (n div UNITS)-th item.
    await step(
      'items',
      sql`insert into items (code, list_id, title, responsibility, start, due, cadence, created_at, updated_at)
        select l.code || '-2026-' || (n / ${UNITS}::int), l.id, '事项' || (n / ${UNITS}::int), case when n % 2 = 1 then 'primary' else 'supervisory' end,
          ${START}::date, ${DUE}::date, 'weekly', ${imported}, ${imported}
        from generate_series(0, ${ITEMS - 1}::int) n join bench_lists l on l.i = n % ${UNITS}::int`,
    );
    await step('item_state', sql`insert into item_state (item_code, updated_at) select code, ${imported} from items`);
    // One to three owners an item, among its unit's four.
    await step(
      'item_owners',
      sql`insert into item_owners (item_code, user_id, position)
        select l.code || '-2026-' || (n / ${UNITS}::int), ${owner('l.i', `(n / ${UNITS} + j) % ${OWNERS_PER_UNIT}`)}, j
        from generate_series(0, ${ITEMS - 1}::int) n join bench_lists l on l.i = n % ${UNITS}::int
          cross join generate_series(0, 2) j
        where j < 1 + (n / ${UNITS}::int + l.i) % 3`,
    );
    // The version a signature binds: the database's own rendering of the items, not listContentHash's (which the tick does not read).
    await step(
      'lists content_hash',
      sql`update lists set content_hash = h.hash from (
          select list_id, encode(sha256(convert_to(string_agg(code || ':' || title || ':' || due, E'\n' order by code), 'UTF8')), 'hex') as hash from items group by list_id
        ) h where h.list_id = lists.id`,
    );
    await sql`drop table bench_lists`.execute(connection);
    await sql`drop table bench_tree`.execute(connection);
    // As autovacuum would soon after a bulk import: the tick's plans see the tables' real sizes.
    await step('analyze', sql`analyze`);
  });
  const size = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db.kysely);
  console.log(`setup: generated ${UNITS} units, ${ITEMS} items (database ${size.rows[0]?.size}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.log('national: skipped, PostgreSQL only: set DATABASE_URL (a role with CREATEDB) to generate the national tree and tick over it.');
    return;
  }
  if (!Number.isInteger(UNITS) || !Number.isInteger(ITEMS) || UNITS <= CITIES + COUNTIES || ITEMS < UNITS) {
    throw new Error(`BENCH_NATIONAL_UNITS must be an integer above ${CITIES + COUNTIES} and BENCH_NATIONAL_ITEMS an integer at least as large`);
  }
  console.log(
    `engine: postgres; ${UNITS} units (1 province, ${CITIES} cities, ${COUNTIES} counties, ${UNITS - 1 - CITIES - COUNTIES} below them), ${ITEMS} weekly items starting ${START} (~${Math.ceil(ITEMS / UNITS)} a unit); scratch database zeren_bench_national_${process.pid}; node heap limit ${mb((await import('node:v8')).getHeapStatistics().heap_size_limit)}`,
  );
  await dropStale(process.env.DATABASE_URL);
  const { db, close, url } = await freshDatabase({ name: 'national', script: fileURLToPath(import.meta.url), build });

  const memory = memoryTracker();
  const { baseline, phasePeaks } = memory;
  // As production runs it when dist/ is fresh: the compiled build in a process of its own, whose
  // peak RSS is the figure; else here, through tsx, this process's peak while it ticks.
  const runTick = async (now: Date): Promise<TickFigures> => {
    const figures = url ? await tickInOwnProcess({ url, at: now, timeZone: TIME_ZONE, workingHours: WORKING_HOURS }) : undefined;
    if (figures) return figures;
    const started = performance.now();
    const result = await tick({ db: db.kysely, now, timeZone: TIME_ZONE, workingHours: WORKING_HOURS });
    return { ...result, totalMs: performance.now() - started };
  };
  const describeTick = (label: string, phase: string, result: TickFigures) => {
    const rss = result.peakRss ?? phasePeaks[phase] ?? 0;
    console.log(
      `${label}: ${result.items} items, decided ${JSON.stringify(result.decided)}, enqueued ${result.enqueued}; decide ${ms(result.decideMs)} (target ≤ ${DECIDE_TARGET_MS} ms: ${verdict(result.decideMs <= DECIDE_TARGET_MS)}), write ${ms(result.writeMs)}, total ${ms(result.totalMs)}; peak RSS ${mb(rss)} (target ≤ ${mb(RSS_TARGET)}: ${verdict(rss <= RSS_TARGET)})`,
    );
  };

  try {
    console.log(`RSS here before the first tick: ${mb(baseline)} (the code loaded, the pool)`);
    const first = await memory.phase('tick (a)', () => runTick(FIRST_PROMPT));
    describeTick(`(a) tick at ${FIRST_PROMPT.toISOString()} (first prompts)`, 'tick (a)', first);
    // One prompt per unit and instant (SPEC §2.4): a message per unit, more only past a message's lines.
    const queued = await sql<{ messages: number; lanes: number }>`select count(*)::int as messages, count(distinct lane)::int as lanes from outbox where state = 'pending'`.execute(db.kysely);
    const { messages, lanes } = queued.rows[0] as { messages: number; lanes: number };
    const most = UNITS * Math.ceil(Math.ceil(ITEMS / UNITS) / LINES_PER_MESSAGE);
    console.log(`    messages on the prompt day: ${messages} in the outbox to ${lanes} channels, for ${ITEMS} items of ${UNITS} units (target: one per unit and instant, ≤ ${most}: ${verdict(messages <= most)})`);
    const again = await memory.phase('tick (b)', () => runTick(FIRST_PROMPT));
    describeTick('(b) the same tick again', 'tick (b)', again);
    // The prompts reached Slack (silence counts from a delivered prompt): (c) then has reminders to send.
    await sql`update outbox set state = 'sent', sent_at = ${FIRST_PROMPT} where state = 'pending'`.execute(db.kysely);
    // As autovacuum would within a minute of (a)'s bulk writes and this update: planned on the
    // statistics of an outbox with no sent rows, (c)'s first range's delivered-prompts join ran for
    // over 10 minutes (a nested loop over every sent row).
    await sql`analyze`.execute(db.kysely);
    const reminders = await memory.phase('tick (c)', () => runTick(REMINDER));
    describeTick(`(c) tick at ${REMINDER.toISOString()} (reminders)`, 'tick (c)', reminders);
    console.log(reminders.peakRss !== undefined ? 'the ticks ran as the compiled build, each in a process of its own (its peak RSS above)' : `the ticks ran here, through tsx (${zerenCommand('tick').note ?? 'no dist/'})`);
  } finally {
    memory.stop();
    await close();
  }
}

if (process.env.BENCH_ROLE === 'build') {
  const db = await openDatabase({ DATABASE_URL: process.env.BENCH_DB_URL as string, DATA_DIR: '', ledgerKey: TEST_LEDGER_KEY });
  await build(db);
  await db.close();
} else {
  await main();
}
