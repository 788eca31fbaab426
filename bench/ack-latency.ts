// Latency of Slack's requests as Slack sees it: N signed `/progress ITEM 40% …` reports at
// concurrency C against the running bot (PostgreSQL when DATABASE_URL is set, else PGlite),
// beside a bare Bolt app that only acknowledges, measured in the same run.
// Target: p99 under 100 ms on a 2-core machine, and within 3x the bare app.
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

const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const OWNERS = 50;

async function measure(url: string, texts: (i: number) => { text: string; user: string }): Promise<number[]> {
  const latencies: number[] = [];
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
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const describe = (name: string, sorted: number[]) =>
  `${name.padEnd(10)} p50 ${percentile(sorted, 50).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms   max ${(sorted.at(-1) as number).toFixed(1)} ms`;

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
  const bareLatencies = await measure(bareUrl, report);
  const zerenLatencies = await measure(zerenUrl, report);
  child.stdin.end('done\n');
  const { recorded } = JSON.parse(await next()) as { recorded: number };
  console.log(`engine: ${engine}; ${N} requests at concurrency ${CONCURRENCY}`);
  console.log(describe('bare Bolt', bareLatencies));
  console.log(describe('Zeren', zerenLatencies));
  const ratio = percentile(zerenLatencies, 99) / percentile(bareLatencies, 99);
  console.log(`p99 ratio Zeren / bare: ${ratio.toFixed(2)}x (target ≤ 3x); p99 target < 100 ms: ${percentile(zerenLatencies, 99) < 100 ? 'met' : 'NOT met'}`);
  console.log(`reports recorded: ${recorded} (expected ${2 * N})`);
}

async function serve() {
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
