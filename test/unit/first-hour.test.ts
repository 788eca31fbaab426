import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, parseOptions } from '../../src/app/cli-failures.js';
import { ConfigError, loadConfig, requireSlackSettings } from '../../src/config.js';
import { lockDataDir } from '../../src/db/embedded-lock.js';
import { CodedError, isCodedError } from '../../src/errors.js';
import { positionIn } from '../../src/i18n/positions.js';

const thrown = (work: () => unknown): CodedError => {
  try {
    work();
  } catch (error) {
    if (isCodedError(error)) return error;
    throw error;
  }
  throw new Error('nothing thrown');
};

describe('a first hour: messages in the user’s language', () => {
  it.each([
    ['PORT', 'eighty', 'PORT: expected a TCP port number (0-65535)', 'PORT：应为TCP 端口号（0-65535）'],
    ['ZEREN_TIMEZONE', 'Mars/Base', 'ZEREN_TIMEZONE: expected an IANA time zone such as Asia/Shanghai', 'ZEREN_TIMEZONE：应为IANA 时区，如 Asia/Shanghai'],
    ['ZEREN_PUBLIC_PAGES', 'maybe', 'ZEREN_PUBLIC_PAGES: expected "on" or "off"', 'ZEREN_PUBLIC_PAGES：应为"on" 或 "off"'],
  ])('a wrong %s is told in English and in Chinese', (variable, value, en, zh) => {
    const error = thrown(() => loadConfig({ [variable]: value }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(en);
    expect(error.messageIn('en')).toBe(en);
    expect(error.messageIn('zh-CN')).toBe(zh);
  });

  it('the Slack settings start needs are told in Chinese too', () => {
    expect(thrown(() => requireSlackSettings(loadConfig({}))).messageIn('zh-CN')).toMatch(/^SLACK_BOT_TOKEN：未设置。/);
    expect(thrown(() => requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).messageIn('zh-CN')).toMatch(/^SLACK_SIGNING_SECRET：HTTP 模式下必填/);
  });

  it('the embedded database’s lock names DATA_DIR, in both languages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeren-lock-'));
    try {
      // The parent process (the test runner's) is running and is not this one.
      writeFileSync(join(dir, 'zeren.lock'), String(process.ppid));
      const error = thrown(() => lockDataDir(dir));
      expect(error.messageIn('en')).toBe(`the embedded database in ${dir} (DATA_DIR) is in use by another process (pid ${process.ppid}); stop it first, or set DATABASE_URL to share a PostgreSQL server`);
      expect(error.messageIn('zh-CN')).toBe(`${dir}（DATA_DIR）中的内嵌数据库正被另一个进程（pid ${process.ppid}）使用；请先停止它，或设置 DATABASE_URL 共用一个 PostgreSQL 服务器`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Node’s parseArgs errors become a usage error naming the option, exit 2', () => {
    const unknown = thrown(() => parseOptions('zh-CN', 'verify', ['--fix'], {}));
    expect(unknown.message).toBe('verify：没有选项 --fix；运行 zeren --help 查看用法');
    expect(exitCodeOf(unknown)).toBe(2);
    expect(thrown(() => parseOptions('en', 'tick', ['--at'], { at: { type: 'string' } })).message).toBe('tick: the option --at needs a value; run zeren --help');
    expect(thrown(() => parseOptions('en', 'tick', ['--at', '--wait'], { at: { type: 'string' }, wait: { type: 'string' } })).message).toBe(
      'tick: the option --at needs a value; run zeren --help',
    );
    expect(parseOptions('en', 'import', ['a.csv', '--dry-run'], { 'dry-run': { type: 'boolean' } }, true)).toMatchObject({ values: { 'dry-run': true }, positionals: ['a.csv'] });
  });
});

describe('positions of import problems', () => {
  it.each([
    ['row 2, column unit', '第 2 行，unit 列'],
    ['sheet items, row 3, column due', '工作表 items，第 3 行，due 列'],
    ['row 3', '第 3 行'],
    ['line 8, lists[0].items[0].due', '第 8 行，lists[0].items[0].due'],
    ['', ''],
  ])('%j in Chinese is %j, and stays as it is in English', (where, zh) => {
    expect(positionIn('zh-CN', where)).toBe(zh);
    expect(positionIn('en', where)).toBe(where);
  });
});

describe('log lines', () => {
  // pino's base already carries "name": a log object with its own `name` writes the key twice.
  const src = resolve(import.meta.dirname, '../../src');
  const files = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []));

  it('never pass a "name" key to the logger', () => {
    const offences = files(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\b[lL]ogger\.(?:info|warn|error|debug|trace|fatal|child)\(\s*\{([^}]*)\}/g)]
        .filter((match) => (match[1] as string).split(',').some((entry) => entry.split(':')[0]?.trim() === 'name'))
        .map((match) => `${file}: ${match[0]}`),
    );
    expect(offences).toEqual([]);
  });
});
