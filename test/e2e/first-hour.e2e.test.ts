import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDataDir, zeren } from '../support/cli.js';
import { JS, JS_NJ, organisation as orgDocument, weeklyItem } from '../support/fixtures.js';
import { SIGNING_SECRET } from '../support/sign.js';
import { useFakeSlack } from '../support/test-app.js';

// A new office's first hour on the command line: options parsed strictly, Node's and Slack's errors
// in the user's language naming the setting, and a tick that asks Slack before deciding anything.
const organisation = orgDocument({
  units: [JS, JS_NJ],
  lists: [{ unit: 'JS-NJ', year: 2026, items: [weeklyItem('NJ-01', '2026-11-09', { owners: ['U03OWN'] })] }],
});

const zerenLines = (stderr: string) => stderr.trim().split('\n').filter((line) => line.startsWith('zeren:'));

describe('a first hour on the command line', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-first-hour-');
  const slack = useFakeSlack({ users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN'].map((id) => ({ id, locale: 'en-US' })) });
  let env: Record<string, string>;
  beforeAll(() => {
    env = data.env;
    writeFileSync(join(data.dataDir, 'org.yaml'), organisation);
  });

  it.each([
    [['verify', '--fix'], 'zeren: verify: there is no option --fix; run zeren --help'],
    [['migrate', '--foo'], 'zeren: migrate: there is no option --foo; run zeren --help'],
    [['start', 'now'], 'zeren: start: unexpected argument "now"; run zeren --help'],
    [['tick', '--at'], 'zeren: tick: the option --at needs a value; run zeren --help'],
    [['tick', '--dry-run=yes'], 'zeren: tick: the option --dry-run takes no value; run zeren --help'],
    [['import'], 'zeren: import needs at least one FILE; run zeren --help'],
  ])('zeren %j is a usage error: exit 2, one line in our words', async (args, line) => {
    const result = await zeren(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(line);
    expect(result.stdout).toBe('');
  });

  it('says it in Chinese by default, for options, settings and the rest alike', async () => {
    const option = await zeren(['verify', '--fix'], { ...env, ZEREN_LOCALE: '' });
    expect(option.code).toBe(2);
    expect(option.stderr.trim()).toBe('zeren: verify：没有选项 --fix；运行 zeren --help 查看用法');
    const setting = await zeren(['verify'], { ...env, ZEREN_LOCALE: '', PORT: 'eighty' });
    expect(setting.code).toBe(1);
    expect(setting.stderr.trim()).toBe('zeren: PORT：应为TCP 端口号（0-65535）');
    const noFile = await zeren(['import'], { ...env, ZEREN_LOCALE: '' });
    expect(noFile.stderr.trim()).toBe('zeren: import 至少需要一个文件；运行 zeren --help 查看用法');
    const bad = join(data.dataDir, 'bad.csv');
    writeFileSync(bad, 'unit,year,code,title,responsibility,owners,due,cadence\nJS-NJ,2016,NJ-2016-10,坏事项,primary,U03OWN,2016-06-31,weekly\n');
    const refused = await zeren(['import', bad], { ...env, ZEREN_LOCALE: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad} 第 2 行，due 列：`);
    expect(refused.stderr).not.toMatch(/row|column/);
    // A wrong ZEREN_LOCALE itself is explained in the default language.
    const locale = await zeren(['verify'], { ...env, ZEREN_LOCALE: 'fr' });
    expect(locale.stderr.trim()).toBe('zeren: ZEREN_LOCALE：应为"zh-CN" 或 "en"');
  });

  it('a port in use names PORT and the port, not Node’s EADDRINUSE', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await zeren(['start'], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.fake.url, PORT: String(port), HOST: '127.0.0.1' });
      expect(result.code).toBe(1);
      expect(zerenLines(result.stderr)).toEqual([`zeren: PORT ${port} is already in use on 127.0.0.1 (another Zeren or another program); stop it, or set PORT to a free port`]);
      expect(result.stderr).not.toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('an app-level token Slack refuses names SLACK_APP_TOKEN', async () => {
    const result = await zeren(['start'], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-revoked', SLACK_API_URL: slack.fake.url, PORT: '0', HOST: '127.0.0.1' });
    expect(result.code).toBe(1);
    expect(zerenLines(result.stderr)).toEqual([
      'zeren: Slack rejected SLACK_APP_TOKEN (invalid_auth): copy a current app-level token (xapp-…, scope connections:write) from Basic Information → App-Level Tokens, or unset it for HTTP mode',
    ]);
  });

  it('tick stops before deciding anything when Slack cannot be reached, or refuses the token', async () => {
    expect((await zeren(['import', join(data.dataDir, 'org.yaml')], env)).code).toBe(0);
    const ledger = async () => (await zeren(['export', 'ledger', '--format', 'json'], env)).stdout;
    const before = await ledger();
    const at = '2026-11-09T09:31:00+08:00';
    const unreachable = await zeren(['tick', '--at', at, '--wait', '1'], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(unreachable.code).toBe(1);
    expect(zerenLines(unreachable.stderr)).toEqual([
      'zeren: Slack (SLACK_API_URL http://127.0.0.1:9/api/) could not be reached within 1 s; nothing was decided or written; the next tick catches up',
    ]);
    const refused = await zeren(['tick', '--at', at], { ...env, SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_API_URL: slack.fake.url });
    expect(refused.code).toBe(1);
    expect(zerenLines(refused.stderr)[0]).toMatch(/^zeren: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(await ledger()).toBe(before);

    // Reachable: the summary on stdout, and at the default level no log line but November's
    // warning that the coming year's calendar is missing (the test imports none for 2027).
    const real = await zeren(['tick', '--at', at], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.fake.url });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^tick at 2026-11-09T09:31:00.000\+08:00: 2 channel\(s\) set up; 1 prompt\(s\)/);
    const logged = real.stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { year?: number; msg: string });
    expect(logged.map((line) => [line.year, line.msg.startsWith('The calendar has no holidays or 调休 days for 2027')])).toEqual([[2027, true]]);
  });

  it('tick logs at LOG_LEVEL when it is set, each line with one "name"', async () => {
    const result = await zeren(['tick', '--at', '2026-11-10T09:31:00+08:00'], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.fake.url, LOG_LEVEL: 'debug' });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.match(/"name":/g) ?? [], line).toHaveLength(1);
  });
});
