// Latency of Slack's requests as Slack sees it: N signed `/progress ITEM 40% …` reports at
// concurrency C against the running bot (PostgreSQL when DATABASE_URL is set, else PGlite),
// beside a bare Bolt app that only acknowledges, measured in the same run; then both again at an
// open-loop rate (requests sent on a timetable, whatever the answers' pace), as Slack sends them.
// Targets (issue 15): p99 within 1.5x the bare app's and throughput at least 0.5x its, at
// concurrency C; at the open-loop rate, p99 under 50 ms.
import { App, HTTPReceiver } from '@slack/bolt';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createBot } from '../src/app/bot.js';
import { loadConfig } from '../src/config.js';
import { importFiles } from '../src/services/importer.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { SIGNING_SECRET, slashCommand } from '../test/support/sign.js';
import { createTestDb } from '../test/support/test-db.js';
import { verdict } from './support/bench-kit.js';

const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const OWNERS = 50;
const RATE = Number(process.env.BENCH_RATE ?? 100);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 10);

/** N requests at concurrency C: their latencies, sorted, and how many a second were answered. */
async function measure(url: string, texts: (i: number) => { text: string; user: string }): Promise<{ latencies: number[]; perSecond: number }> {
  const latencies: number[] = [];
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const request = slashCommand({ ...texts(i), user_id: texts(i).user, trigger_id: `bench-${i}-${Math.random()}` });
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.payload });
      await response.text();
      latencies.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const perSecond = (N / (performance.now() - began)) * 1000;
  return { latencies: latencies.sort((a, b) => a - b), perSecond };
}

/** Requests sent at RATE a second for OPEN_SECONDS, each on time whatever the others' answers: their latencies, sorted. */
async function openLoop(url: string, texts: (i: number) => { text: string; user: string }, offset: number): Promise<number[]> {
  const latencies: number[] = [];
  const total = RATE * OPEN_SECONDS;
  const began = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = slashCommand({ ...texts(offset + i), user_id: texts(offset + i).user, trigger_id: `open-${offset + i}-${Math.random()}` });
    sent.push(
      (async () => {
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.payload });
        await response.text();
        latencies.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      })(),
    );
  }
  await Promise.all(sent);
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const describe = (name: string, sorted: number[]) =>
  `${name.padEnd(14)} p50 ${percentile(sorted, 50).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms   max ${(sorted.at(-1) as number).toFixed(1)} ms`;

const report = (i: number) => ({ text: `B-${i % OWNERS} ${i % 101}% on-track bench report ${i}`, user: `U0OWN${i % OWNERS}` });

if (process.env.BENCH_ROLE === 'servers') {
  await serve();
} else {
  // The servers run in a child process, so that the load generated here does not share their event loop.
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), '--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_ROLE: 'servers' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const { zerenUrl, bareUrl, engine } = JSON.parse(await next()) as { zerenUrl: string; bareUrl: string; engine: string };
  await measure(bareUrl, report); // warm both up
  await measure(zerenUrl, report);
  const bare = await measure(bareUrl, report);
  const zeren = await measure(zerenUrl, report);
  const bareOpen = await openLoop(bareUrl, report, 2 * N);
  const zerenOpen = await openLoop(zerenUrl, report, 2 * N);
  child.stdin.end('done\n');
  const { recorded } = JSON.parse(await next()) as { recorded: number };
  console.log(`engine: ${engine}; ${N} requests at concurrency ${CONCURRENCY}; then ${RATE * OPEN_SECONDS} at ${RATE} a second (open loop)`);
  console.log(`${describe('bare Bolt', bare.latencies)}   ${bare.perSecond.toFixed(0)} req/s`);
  console.log(`${describe('Zeren', zeren.latencies)}   ${zeren.perSecond.toFixed(0)} req/s`);
  const ratio = percentile(zeren.latencies, 99) / percentile(bare.latencies, 99);
  const throughput = zeren.perSecond / bare.perSecond;
  console.log(`at concurrency ${CONCURRENCY}: p99 ratio Zeren / bare ${ratio.toFixed(2)}x (target ≤ 1.5x: ${verdict(ratio <= 1.5)}); throughput ratio ${throughput.toFixed(2)}x (target ≥ 0.5x: ${verdict(throughput >= 0.5)})`);
  console.log(describe(`bare ${RATE}/s`, bareOpen));
  console.log(describe(`Zeren ${RATE}/s`, zerenOpen));
  const openP99 = percentile(zerenOpen, 99);
  console.log(`at ${RATE} a second: p99 ratio Zeren / bare ${(openP99 / percentile(bareOpen, 99)).toFixed(2)}x; p99 target < 50 ms: ${verdict(openP99 < 50)}`);
  console.log(`reports recorded: ${recorded} (expected ${2 * N + RATE * OPEN_SECONDS})`);
}

async function serve() {
  // The pool the bot runs with (ZEREN_DB_POOL_SIZE, 10 unless set), not the tests' smaller one.
  process.env.TEST_POOL_SIZE ??= process.env.ZEREN_DB_POOL_SIZE ?? '10';
  const fake = await startFakeSlack();
  for (let i = 0; i < OWNERS; i++) fake.addUser({ id: `U0OWN${i}`, locale: i % 2 ? 'en-US' : 'zh-CN' });
  const testDb = await createTestDb();
  const items = Array.from({ length: OWNERS }, (_, i) => `      - { code: B-${i}, title: 事项${i}, responsibility: primary, owners: [U0OWN${i}], due: 2030-12-31, cadence: weekly }`).join('\n');
  const outcome = await importFiles({ db: testDb.db.kysely, now: new Date(), timeZone: 'Asia/Shanghai' }, [
    { name: 'bench.yaml', content: `units:\n  - { code: B, name: 基准单位, head: U0HEAD }\nlists:\n  - unit: B\n    year: 2030\n    items:\n${items}\n` },
  ]);
  if (!outcome.ok) throw new Error('bench import refused');

  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ZEREN_SCHEDULER: 'off' });
  const bot = await createBot({ config, logger: pino({ level: 'silent' }), db: testDb.db });
  const zerenUrl = `${await bot.server.listen({ port: 0, host: '127.0.0.1' })}/slack/events`;
  await bot.connect();

  const bare = new App({ token: 'xoxb-test', signingSecret: SIGNING_SECRET, receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' }), tokenVerificationEnabled: false, botId: 'B0BOT', botUserId: 'U0BOT', clientOptions: { slackApiUrl: fake.url } });
  bare.command('/progress', async ({ ack }) => {
    await ack();
  });
  const barePort = 30_000 + Math.floor(Math.random() * 10_000);
  await bare.start(barePort);
  const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;

  process.stdout.write(`${JSON.stringify({ zerenUrl, bareUrl, engine: testDb.db.engine })}\n`);
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const recorded = await testDb.db.kysely.selectFrom('ledger').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'report').executeTakeFirstOrThrow();
  process.stdout.write(`${JSON.stringify({ recorded: Number(recorded.n) })}\n`);
  await bare.stop();
  await bot.close();
  await testDb.close();
  await fake.close();
}
