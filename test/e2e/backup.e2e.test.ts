import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { LEDGER_KEY_FILE, loadLedgerKey } from '../../src/db/ledger-key.js';
import { recordReport } from '../../src/services/progress.js';
import { spawnZeren, zeren } from '../support/cli.js';
import { EXAMPLE_NOW, examplePath } from '../support/fixtures.js';
import { SIGNING_SECRET } from '../support/sign.js';
import { useFakeSlack } from '../support/test-app.js';

// `zeren backup` / `zeren restore` as an admin runs them: separate processes on the embedded
// database (PGlite here even when DATABASE_URL is set: the embedded database is what they copy).

const scratch = mkdtempSync(join(tmpdir(), 'zeren-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dir = (name: string) => join(scratch, name);

describe('zeren backup and restore', { timeout: 180_000 }, () => {
  const slack = useFakeSlack();

  it('round trip: a backup restored into a new DATA_DIR verifies and exports the same', async () => {
    const source = { DATA_DIR: dir('source') };
    expect((await zeren(['import', examplePath], source)).code).toBe(0);
    // A report, as the bot records it, so that the ledger holds more than the import.
    const db = await openDatabase({ ...source, ledgerKey: loadLedgerKey(source).key });
    try {
      const outcome = await recordReport({ db: db.kysely, now: EXAMPLE_NOW, timeZone: 'Asia/Shanghai' }, { actor: 'U03OWN', code: 'NJ-2016-01', percent: 40, status: 'on_track', note: 'drafted', source: 'slash_command', requestKey: 'backup-test' });
      expect(outcome.ok).toBe(true);
    } finally {
      await db.close();
    }
    const before = await zeren(['export', 'ledger'], source);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('NJ-2016-01');

    const file = dir('zeren.backup.tgz');
    const backup = await zeren(['backup', file], source);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^backup written: .*zeren\.backup\.tgz \(\d+ bytes, 11 ledger entries\); keep the ledger key with it .*\n$/);
    // A second backup to the same name is refused unless --force.
    const again = await zeren(['backup', file], source);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect((await zeren(['backup', file, '--force'], source)).code).toBe(0);

    // Without the key beside it, the restore says what to copy; with it, nothing to say.
    const keyless = await zeren(['restore', file], { DATA_DIR: dir('keyless') });
    expect(keyless.code).toBe(0);
    expect(keyless.stderr).toContain('has no ledger key');
    const target = { DATA_DIR: dir('target') };
    mkdirSync(dir('target'));
    copyFileSync(join(dir('source'), LEDGER_KEY_FILE), join(dir('target'), LEDGER_KEY_FILE));
    const restored = await zeren(['restore', file], target);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain('(11 ledger entries)');
    const verified = await zeren(['verify'], target);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('ledger verified: 11 entries');
    const after = await zeren(['export', 'ledger'], target);
    expect(after.stdout).toBe(before.stdout);
    expect((await zeren(['export', 'items'], target)).stdout).toBe((await zeren(['export', 'items'], source)).stdout);

    // Restoring over it is refused; with --force the old database is kept aside, not deleted.
    const over = await zeren(['restore', file], target);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('holds a database already');
    expect((await zeren(['restore', file, '--force'], target)).code).toBe(0);
    expect(readdirSync(dir('target')).filter((name) => name.startsWith('pglite.replaced-'))).toHaveLength(1);
    expect((await zeren(['verify'], target)).code).toBe(0);
  });

  it('refuses a file that is not a backup, in the user’s language, writing nothing', async () => {
    const bogus = dir('bogus.tgz');
    writeFileSync(bogus, 'not a backup');
    const target = { DATA_DIR: dir('bogus-target') };
    const en = await zeren(['restore', bogus], target);
    expect(en.code).toBe(1);
    expect(en.stderr.trim()).toBe(`zeren: ${bogus} is not a backup made by zeren backup (it cannot be opened as an embedded database); nothing restored`);
    const zh = await zeren(['restore', bogus], { ...target, ZEREN_LOCALE: 'zh-CN' });
    expect(zh.stderr).toContain('不是 zeren backup 生成的备份');
    expect(existsSync(join(dir('bogus-target'), 'pglite'))).toBe(false);
    expect((await zeren(['backup', dir('none.tgz')], { DATA_DIR: dir('empty') })).stderr).toContain('there is no embedded database');
  });

  it('with DATABASE_URL explains pg_dump and pg_restore', async () => {
    const result = await zeren(['backup', dir('pg.tgz')], { DATA_DIR: dir('pg'), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pg_dump');
    expect(result.stderr).toContain('pg_restore');
    expect(existsSync(dir('pg.tgz'))).toBe(false);
  });

  it('refuses to restore or back up while a bot holds the DATA_DIR', async () => {
    const running = { DATA_DIR: dir('running') };
    expect((await zeren(['import', examplePath], running)).code).toBe(0);
    const file = dir('running.tgz');
    expect((await zeren(['backup', file], running)).code).toBe(0);
    const port = 43_000 + Math.floor(Math.random() * 1000);
    const bot = spawnZeren(['start'], { ...running, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.fake.url, PORT: String(port), HOST: '127.0.0.1' });
    await expect.poll(() => bot.output().stdout + bot.output().stderr, { timeout: 30_000, interval: 100 }).toContain('Zeren is running');
    const restore = await zeren(['restore', file, '--force'], running);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/is in use by another process \(pid \d+\)/);
    expect(readdirSync(dir('running')).filter((name) => name.startsWith('pglite.'))).toEqual([]);
    expect((await zeren(['backup', dir('while-running.tgz')], running)).stderr).toMatch(/in use by another process/);
    expect(existsSync(dir('while-running.tgz'))).toBe(false);
    bot.child.kill('SIGTERM');
    expect((await bot.done).code).toBe(0);
  });
});
