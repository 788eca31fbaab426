import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliWorkingDirectory, root, spawnZeren, stillRunning, useDataDir, zeren } from '../support/cli.js';
import { examplePath as example } from '../support/fixtures.js';
import { SIGNING_SECRET } from '../support/sign.js';
import { useFakeSlack } from '../support/test-app.js';

// The command line exactly as an admin runs it: separate processes, on the embedded database in
// their own data directory (PGlite here even when DATABASE_URL is set: the single-process rule
// and the embedded default are what this file is about).

function startServer(env: Record<string, string>) {
  const { child, output, done } = spawnZeren(['start'], env);
  return { child, output: () => `${output().stdout}${output().stderr}`, exited: done.then((result) => result.code) };
}

const health = async (port: number) => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return response.status;
  } catch {
    return undefined;
  }
};
const SERVER = { timeout: 20_000, interval: 100 };

// Each test runs several processes (a few seconds each on PGlite).
describe('zeren on the command line', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-cli-');
  const dataDir = () => data.dataDir;
  let env: Record<string, string>;
  beforeEach(() => {
    env = data.env;
  });

  it('runs in an empty directory with a clean environment, so a .env there is never read', async () => {
    expect(cliWorkingDirectory()).not.toBe(root);
    expect(existsSync(join(cliWorkingDirectory(), '.env'))).toBe(false);
    // As the README says, a `.env` in the working directory is read in real use.
    const project = mkdtempSync(join(tmpdir(), 'zeren-dotenv-'));
    try {
      writeFileSync(join(project, '.env'), 'PORT=eighty\n');
      const withDotEnv = await zeren(['verify'], env, { cwd: project });
      expect(withDotEnv.stderr.trim()).toBe('zeren: PORT: expected a TCP port number (0-65535)');
      expect((await zeren(['verify'], env)).code).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--help lists the commands', async () => {
    const result = await zeren(['--help'], env);
    expect(result.code).toBe(0);
    for (const command of ['start', 'migrate', 'import', 'export', 'verify']) expect(result.stdout).toContain(command);
  });

  it('an unknown command or option exits non-zero with one line', async () => {
    const unknown = await zeren(['frobnicate'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')).toEqual(['zeren: unknown command "frobnicate"; run zeren --help']);
    const badFormat = await zeren(['export', 'items', '--format', 'pdf'], env);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toContain('--format must be csv or json');
  });

  it('a wrong setting stops the program with one line naming it', async () => {
    const result = await zeren(['verify'], { ...env, PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('zeren: PORT: expected a TCP port number (0-65535)');
  });

  it('imports the example twice into the same database, then exports and verifies it', async () => {
    const first = await zeren(['import', example], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('items: 3 created, 0 updated, 0 unchanged');
    const exported = await zeren(['export', 'items', '--format', 'json'], env);
    const second = await zeren(['import', example], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('items: 0 created, 0 updated, 3 unchanged');
    expect(second.stdout).toContain('nothing to change');
    const again = await zeren(['export', 'items', '--format', 'json'], env);
    expect(again.stdout).toBe(exported.stdout);
    const items = JSON.parse(exported.stdout) as { code: string; unit: string; owners: string[] }[];
    expect(items.map((item) => [item.unit, item.code])).toEqual([
      ['JS-NJ', 'NJ-2016-01'],
      ['JS-NJ', 'NJ-2016-02'],
      ['JS-SZ', 'SZ-2016-01'],
    ]);
    expect(items[0]?.owners).toEqual(['U03OWN', 'U04OWN']);
    const ledger = JSON.parse((await zeren(['export', 'ledger', '--format', 'json', '--unit', 'JS-SZ'], env)).stdout) as { unit: string; kind: string }[];
    expect(ledger.map((entry) => [entry.unit, entry.kind])).toEqual([
      ['JS-SZ', 'imported'],
      ['JS-SZ', 'imported'],
      ['JS-SZ', 'imported'],
      ['JS-SZ', 'approval_requested'],
    ]);
    const verified = await zeren(['verify'], env);
    expect(verified.code).toBe(0);
    // 8 imported entries, and the request to sign each of the two new lists.
    expect(verified.stdout).toContain('ledger verified: 10 entries in 3 unit chain(s)');
  });

  it('exports CSV with a byte-order mark to a file', async () => {
    const file = join(dataDir(), 'items.csv');
    const result = await zeren(['export', 'items', '--unit', 'JS', '--out', file], env);
    expect(result.code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe('unit,code,title,responsibility,owners,due,percent,status,light,approval,last_report_at,list_signed_at,unit_name,target,department,milestones');
    expect(lines[1]).toMatch(/^JS-NJ,NJ-2016-01,细化责任清单,primary,U03OWN;U04OWN,2016-02-29,,,red,none,,,南京市纪委,2月底前完成项目化分解,党风政风监督室,初稿@2016-01-31@50$/);
    const unknown = await zeren(['export', 'items', '--unit', 'NOPE'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('zeren: there is no unit NOPE');
  });

  it('a file with a bad row exits non-zero naming the row, and writes nothing', async () => {
    const bad = join(dataDir(), 'bad.csv');
    writeFileSync(bad, 'unit,year,code,title,responsibility,owners,due,cadence\nJS-NJ,2016,NJ-2016-09,新事项,primary,U03OWN,2016-06-30,weekly\nJS-NJ,2016,NJ-2016-10,坏事项,primary,U03OWN,2016-06-31,weekly\n');
    const before = (await zeren(['export', 'ledger', '--format', 'json'], env)).stdout;
    const result = await zeren(['import', bad], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${bad} row 3, column due: 2016-06-31 is not a day of the calendar (no such day in that month)`);
    expect(result.stderr).toContain('import refused: 1 problem(s) found, nothing written');
    expect((await zeren(['export', 'ledger', '--format', 'json'], env)).stdout).toBe(before);
    const dryRun = await zeren(['import', '--dry-run', bad.replace('bad.csv', 'bad.csv')], env);
    expect(dryRun.code).not.toBe(0);
  });

  it('speaks Chinese by default', async () => {
    const result = await zeren(['import', join(root, 'examples/units.csv'), '--dry-run'], { ...env, ZEREN_LOCALE: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ 单位 JS-WX 无锡市纪委');
    expect(result.stdout).toContain('试运行：未写入任何内容');
  });

  describe('zeren start', () => {
    const slack = useFakeSlack();
    const slackEnv = (port: number) => ({ ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.fake.url, PORT: String(port), HOST: '127.0.0.1' });

    it('without a bot token says in one line what to do', async () => {
      const result = await zeren(['start'], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('SLACK_BOT_TOKEN: not set. Create the Slack app from manifests/slack-app.yaml');
    });

    it('serves /healthz on the embedded database, keeps the data across a restart, and shuts down on SIGTERM', async () => {
      const port = 39_000 + Math.floor(Math.random() * 1000);
      const server = startServer(slackEnv(port));
      await expect.poll(() => health(port), SERVER).toBe(200);
      const health200 = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(health200).toEqual({ status: 'ok', database: 'pglite', slack: 'ok' });
      await expect.poll(() => server.output(), SERVER).toContain('Zeren is running');

      const second = await zeren(['verify'], env);
      expect(second.code).not.toBe(0);
      expect(second.stderr.trim()).toMatch(/^zeren: the embedded database in .* is in use by another process \(pid \d+\); stop it first, or set DATABASE_URL/);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const verified = await zeren(['verify'], env);
      expect(verified.code).toBe(0);
      // The 10 entries of the import, one `channel_set_up` per unit, and whatever the minute's tick decided.
      const entries = Number(/ledger verified: (\d+) entries in 3 unit chain\(s\)/.exec(verified.stdout)?.[1]);
      expect(entries).toBeGreaterThanOrEqual(13);
      expect(slack.fake.callsTo('conversations.create')).toHaveLength(3);
    });

    it('stops with one line when Slack rejects the token', async () => {
      const port = 40_000 + Math.floor(Math.random() * 1000);
      const server = startServer({ ...slackEnv(port), SLACK_BOT_TOKEN: 'xoxb-revoked' });
      expect(await server.exited).not.toBe(0);
      const lines = server.output().trim().split('\n').filter((line) => line.startsWith('zeren:'));
      expect(lines).toEqual(["zeren: Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the current Bot User OAuth Token from the app's OAuth & Permissions page"]);
    });

    it('waits for a Slack it cannot reach, with backoff, instead of crashing', async () => {
      const port = 41_000 + Math.floor(Math.random() * 1000);
      slack.fake.failNext('auth.test', { status: 503 }, 2);
      const server = startServer(slackEnv(port));
      await expect.poll(() => server.output(), SERVER).toContain('Zeren is running');
      expect(server.output()).toContain('Slack cannot be reached yet; trying again');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    });

    // A test that fails with a server still running must not leave it behind.
    let orphan: { pid: number | undefined; dir: string } | undefined;
    it.fails('(a failing test, with a server running)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zeren-orphan-'));
      const server = startServer({ ...slackEnv(42_000 + Math.floor(Math.random() * 1000)), DATA_DIR: dir });
      orphan = { pid: server.child.pid, dir };
      await expect.poll(() => server.output(), SERVER).toContain('Zeren is running');
      throw new Error('this test fails on purpose');
    });

    it('kills what the failing test left running', () => {
      expect(orphan?.pid).toBeGreaterThan(0);
      expect(stillRunning()).toBe(0);
      expect(() => process.kill(orphan!.pid!, 0)).toThrow(/ESRCH/);
      rmSync(orphan!.dir, { recursive: true, force: true });
    });
  });
});
