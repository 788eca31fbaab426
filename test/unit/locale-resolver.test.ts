import { describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/app/logger.js';
import type { Services } from '../../src/app/services.js';
import { localeResolver } from '../../src/slack/locale.js';

const HOUR = 3_600_000;

/** A resolver over a Slack that says `slackLocale` and a database that remembers nothing, counting what it asks. */
function resolver() {
  let now = Date.parse('2026-03-02T01:00:00Z');
  const asked = { slack: 0, database: 0 };
  const slack = { locale: 'en-US' };
  const services = {
    clock: () => new Date(now),
    defaultLocale: 'zh-CN',
    people: {
      cachedLocale: async () => {
        asked.database++;
        return undefined;
      },
      rememberLocale: async () => {},
    },
  } as unknown as Services;
  const client = {
    users: {
      info: async () => {
        asked.slack++;
        return { ok: true, user: { locale: slack.locale, deleted: false } };
      },
    },
  } as unknown as WebClient;
  const logger = { warn: () => {} } as unknown as Logger;
  return { localeOf: localeResolver(services, client, logger), asked, slack, later: (ms: number) => (now += ms) };
}

describe('the locale resolver', () => {
  it('asks once for a person whose requests arrive together', async () => {
    const { localeOf, asked } = resolver();
    expect(await Promise.all([localeOf('U1'), localeOf('U1'), localeOf('U1')])).toEqual(['en', 'en', 'en']);
    expect(asked).toEqual({ slack: 1, database: 1 });
    expect(await localeOf('U1')).toBe('en');
    expect(asked).toEqual({ slack: 1, database: 1 });
  });

  it('answers with the locale it knows once its hour is up, and learns the new one for the next request', async () => {
    const { localeOf, asked, slack, later } = resolver();
    expect(await localeOf('U1')).toBe('en');
    slack.locale = 'zh-CN';
    later(HOUR + 1);
    expect(await localeOf('U1')).toBe('en');
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked.slack).toBe(2);
    expect(await localeOf('U1')).toBe('zh-CN');
  });
});
