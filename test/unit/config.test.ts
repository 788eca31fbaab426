import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSlackSettings } from '../../src/config.js';

describe('configuration', () => {
  it('gives every variable its default, counting empty values as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '', ZEREN_ADMINS: '' });
    expect(config).toMatchObject({
      DATABASE_URL: undefined,
      DATA_DIR: './data',
      SLACK_API_URL: 'https://slack.com/api/',
      PORT: 3000,
      HOST: '0.0.0.0',
      ZEREN_TIMEZONE: 'Asia/Shanghai',
      ZEREN_LOCALE: 'zh-CN',
      ZEREN_SCHEDULER: 'on',
      ZEREN_ADMINS: [],
      ZEREN_WORKING_HOURS: ['09:00', '18:00'],
      ZEREN_DIGEST_AT: { weekday: 5, time: '16:00' },
      ZEREN_DEPUTY_MAX_DAYS: 90,
    });
    expect(loadConfig({ ZEREN_DEPUTY_MAX_DAYS: '30' }).ZEREN_DEPUTY_MAX_DAYS).toBe(30);
    expect(loadConfig({ ZEREN_DIGEST_AT: 'mon 08:30' }).ZEREN_DIGEST_AT).toEqual({ weekday: 1, time: '08:30' });
  });

  it('reads valid values', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/zeren',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      PORT: '8080',
      ZEREN_ADMINS: 'U012ABC, U034DEF',
      ZEREN_LOCALE: 'en',
      ZEREN_TIMEZONE: 'Europe/Berlin',
    });
    expect(config.SLACK_API_URL).toBe('http://127.0.0.1:9999/api/');
    expect(config.PORT).toBe(8080);
    expect(config.ZEREN_ADMINS).toEqual(['U012ABC', 'U034DEF']);
    expect(loadConfig({ ZEREN_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).ZEREN_TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(loadConfig({}).ZEREN_TRUST_PROXY).toEqual([]);
    expect(loadConfig({ ZEREN_WEB_RATE_LIMIT: '30' }).ZEREN_WEB_RATE_LIMIT).toBe(30);
    expect(loadConfig({}).ZEREN_WEB_RATE_LIMIT).toBe(120);
    expect(loadConfig({}).ZEREN_OUTBOX_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ ZEREN_OUTBOX_RETENTION_DAYS: '30' }).ZEREN_OUTBOX_RETENTION_DAYS).toBe(30);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'PostgreSQL connection string'],
    ['ZEREN_WEB_RATE_LIMIT', '0', 'requests per minute'],
    ['ZEREN_OUTBOX_RETENTION_DAYS', '0', 'sent outbox message'],
    ['ZEREN_TRUST_PROXY', 'localhost', 'reverse proxies'],
    ['ZEREN_TRUST_PROXY', '10.0.0.0/33', 'CIDR ranges'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'xoxb-'],
    ['SLACK_APP_TOKEN', 'xoxb-not-app', 'xapp-'],
    ['SLACK_API_URL', 'not a url', 'http(s) URL'],
    ['PORT', '70000', 'TCP port'],
    ['PORT', 'eighty', 'TCP port'],
    ['ZEREN_TIMEZONE', 'Mars/Olympus', 'IANA time zone'],
    ['ZEREN_LOCALE', 'fr', '"zh-CN" or "en"'],
    ['ZEREN_SCHEDULER', 'yes', '"on" or "off"'],
    ['ZEREN_ADMINS', 'alice,bob', 'Slack user ids'],
    ['ZEREN_WORKING_HOURS', '18:00-09:00', 'working hours'],
    ['LOG_LEVEL', 'loud', 'one of'],
    ['ZEREN_DIGEST_AT', 'Friday', 'weekday and local time'],
    ['ZEREN_DEPUTY_MAX_DAYS', '0', 'longest deputy period'],
    ['ZEREN_DEPUTY_MAX_DAYS', '1.5', 'longest deputy period'],
  ])('stops on a wrong %s with one line naming it', (variable, value, expected) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('asks for the bot token, and for the signing secret in HTTP mode, only when starting', () => {
    expect(() => requireSlackSettings(loadConfig({}))).toThrow(/^SLACK_BOT_TOKEN: not set\. Create the Slack app/);
    expect(() => requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/^SLACK_SIGNING_SECRET: required in HTTP mode/);
    expect(requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toEqual({ botToken: 'xoxb-1' });
  });
});
