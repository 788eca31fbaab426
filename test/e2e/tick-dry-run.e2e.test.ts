import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDataDir, zeren } from '../support/cli.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { JS, JS_NJ, organisation as orgDocument, weeklyItem } from '../support/fixtures.js';
import { useFakeSlack } from '../support/test-app.js';

// `zeren tick --dry-run` as an admin runs it before a first real tick: separate processes on the
// embedded database (PGlite, as the walkthrough does), a fake Slack for the real tick after it.
const organisation = orgDocument({
  units: [JS, JS_NJ],
  lists: [
    {
      unit: 'JS-NJ',
      year: 2026,
      items: [
        weeklyItem('NJ-01', '2026-11-09', { owners: ['U03OWN'] }),
        weeklyItem('NJ-02', '2026-11-09', { title: '开展专项督查', responsibility: 'supervisory', owners: ['U04OWN'] }),
      ],
    },
  ],
});

describe('zeren tick --dry-run', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-dry-run-');
  const slack = useFakeSlack({ users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN'].map((id) => ({ id, locale: 'en-US' })) });
  let dataDir: string;
  let fake: FakeSlack;
  let env: Record<string, string>;
  beforeAll(() => {
    ({ dataDir, env } = data);
    fake = slack.fake;
    writeFileSync(join(dataDir, 'org.yaml'), organisation);
  });

  it('prints what the tick would send, by kind and unit, without Slack and writing nothing; the real tick then sends just that', async () => {
    const imported = await zeren(['import', join(dataDir, 'org.yaml')], env);
    expect(imported.code, imported.stderr).toBe(0);
    const ledger = async () => (await zeren(['export', 'ledger', '--format', 'json'], env)).stdout;
    const before = await ledger();

    // No SLACK_BOT_TOKEN: a dry run needs no Slack. Channels not set up yet count as set up.
    const at = '2026-11-09T09:31:00+08:00';
    const dry = await zeren(['tick', '--dry-run', '--at', at], env);
    expect(dry.code, dry.stderr).toBe(0);
    // The unit's two items due at the same instant share one prompt.
    expect(dry.stdout.trim().split('\n')).toEqual([
      'dry run of the tick at 2026-11-09T09:31:00.000+08:00: 1 message(s) would be queued; nothing written, nothing sent',
      'prompt (a unit’s items due at one instant) · unit JS-NJ · 1',
      '  → #zr-js-nj: 🔔 Progress check for JS-NJ: 2 items are due for a report. <@U03OWN> <@U04OWN> please report on each with its button or `/progress CODE N% status note`. [NJ-01, NJ-02]',
      'dry run: 2 prompt(s), 0 reminder(s), 0 escalation(s), 0 digest(s) would be decided; 1 message(s) would be queued; nothing written',
    ]);
    expect(dry.stderr).toBe('');
    expect(await ledger()).toBe(before);
    // Nothing was decided: the same dry run again shows the same.
    expect((await zeren(['tick', '--dry-run', '--at', at], env)).stdout).toBe(dry.stdout);

    const real = await zeren(['tick', '--at', at], { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.url });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('2 prompt(s), 0 reminder(s), 0 escalation(s) decided');
    const prompts = fake.messages().filter((message) => String(message.text).startsWith('🔔'));
    expect(prompts.map((message) => message.text)).toEqual([
      [
        '🔔 Progress check for JS-NJ: 2 items are due for a report. <@U03OWN> <@U04OWN> please report on each with its button or `/progress CODE N% status note`.',
        '*NJ-01* 细化责任清单 (due 2026-12-31)',
        '*NJ-02* 开展专项督查 (due 2026-12-31)',
      ].join('\n'),
    ]);
    // Once decided, a dry run of the same instant has nothing left to send.
    expect((await zeren(['tick', '--dry-run', '--at', at], env)).stdout).toContain('0 message(s) would be queued');
  });

  it('speaks Chinese with ZEREN_LOCALE=zh-CN', async () => {
    const dry = await zeren(['tick', '--dry-run', '--at', '2026-11-09T09:31:00+08:00'], { ...env, ZEREN_LOCALE: 'zh-CN' });
    expect(dry.stdout).toMatch(/^定时任务试运行（2026-11-09T09:31:00.000\+08:00）：将排队 0 条消息；/);
  });
});
