import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDataDir, zeren } from '../support/cli.js';
import { JS, JS_NJ, organisation, weeklyItem } from '../support/fixtures.js';
import { useFakeSlack } from '../support/test-app.js';

const org = (channel?: string) =>
  organisation({ units: [JS, { ...JS_NJ, channel }], lists: [{ unit: 'JS-NJ', year: 2026, items: [weeklyItem('NJ-01', '2026-11-09', { owners: ['U03OWN'] })] }] });

// `zeren import --dry-run` shows a unit's move to another channel; `zeren tick` then moves it.
describe('a channel move on the command line', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-channel-move-');
  const slack = useFakeSlack({ users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN'].map((id) => ({ id, locale: 'en-US' })) });
  let env: Record<string, string>;
  beforeAll(() => {
    env = { ...data.env, ZEREN_LOCALE: 'en', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: '' };
    writeFileSync(join(data.dataDir, 'org.yaml'), org());
    writeFileSync(join(data.dataDir, 'moved.yaml'), org('nanjing-office'));
  });

  it('shows the move in a dry run (in English and Chinese), writes nothing, and the tick after the import moves the unit', async () => {
    env.SLACK_API_URL = slack.fake.url;
    const at = '2026-11-09T09:31:00+08:00';
    expect((await zeren(['import', join(data.dataDir, 'org.yaml')], env)).code).toBe(0);
    expect((await zeren(['tick', '--at', at], env)).code).toBe(0);
    const old = slack.fake.channel('zr-js-nj')!.id;

    const dry = await zeren(['import', '--dry-run', join(data.dataDir, 'moved.yaml')], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('~ unit JS-NJ: channel: ∅ → nanjing-office');
    expect(dry.stdout).toContain(
      '→ unit JS-NJ: moves from channel #zr-js-nj to #nanjing-office at the next channel set-up (its people are invited, both channels are told)',
    );
    expect(dry.stdout.trim().split('\n').at(-1)).toBe('dry run: nothing written');
    const zh = await zeren(['import', '--dry-run', join(data.dataDir, 'moved.yaml')], { ...env, ZEREN_LOCALE: '' });
    expect(zh.stdout).toContain('→ 单位 JS-NJ：下次频道设置时从频道 #zr-js-nj 迁至 #nanjing-office（邀请其人员，两个频道都会收到通知）');

    expect((await zeren(['import', join(data.dataDir, 'moved.yaml')], env)).code).toBe(0);
    const tick = await zeren(['tick', '--at', at], env);
    expect(tick.code, tick.stderr).toBe(0);
    const moved = slack.fake.channel('nanjing-office')!;
    expect(moved.members).toEqual(expect.arrayContaining(['U02HEAD', 'U01SUP', 'U03OWN']));
    expect(slack.fake.messages(old).map((message) => message.text)).toContain(
      `➡️ *南京市纪委* (JS-NJ) has moved to <#${moved.id}>: its prompts, notices and digests are posted there from now on. Zeren no longer uses this channel for it.`,
    );
    expect(slack.fake.messages(moved.id).filter((message) => message.text?.startsWith('👋'))).toHaveLength(1);
  });
});
