import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from '../support/payloads.js';
import { useTestApp, type TestAppHandle, type UseTestAppOptions } from '../support/test-app.js';

// SPEC §2.9: web routes are rate-limited and send the usual security headers.
const NOW = new Date('2026-11-24T17:30:00Z');
const TOKEN = 'zeren-export-token-0123456789abcdef';
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEAD }
lists:
  - unit: JS
    year: 2026
    items:
      - { code: JS-01, title: 细化责任清单, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
`;

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') };
}

describe('web guards (SPEC §2.9)', () => {
  /** A bot of its own for each test (the limits count per app), not connected to Slack. */
  const withApp = (env: Record<string, string>, options: Omit<UseTestAppOptions, 'env'> = {}) => useTestApp({ env, now: NOW, connect: false, reset: false, ...options });
  const getFrom = (app: TestAppHandle) => (url: string, headers: Record<string, string> = {}) => app.bot.server.inject({ method: 'GET', url, headers });

  describe('headers', () => {
    const app = withApp({ ZEREN_EXPORT_TOKEN: TOKEN });
    const get = getFrom(app);
    beforeAll(async () => {
      await app.importDocuments({ name: 'org.yaml', content: organisation });
      await app.db.updateTable('lists').set({ signed_at: NOW, signed_by: 'U01HEAD' }).execute();
    });

    it('sends the security headers on the public pages, their 404 and the downloads', async () => {
      for (const [url, status] of [
        ['/public', 200],
        ['/public/JS/2026?lang=en', 200],
        ['/public/NOPE/2026', 404],
        ['/exports/items', 401],
      ] as const) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(status);
        expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
        expect(response.headers['content-security-policy'], url).toMatch(/^default-src 'none';/);
        expect(response.headers['x-frame-options'], url).toBe('DENY');
        expect(response.headers['referrer-policy'], url).toBe('no-referrer');
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      }
      const download = await get('/exports/items?format=json', { authorization: `Bearer ${TOKEN}` });
      expect(download.statusCode).toBe(200);
      expect(download.headers['x-frame-options']).toBe('DENY');
    });
  });

  describe('wrong tokens', () => {
    const log = recordingLogger();
    const app = withApp({ ZEREN_EXPORT_TOKEN: TOKEN, ZEREN_LOCALE: 'en' }, { logger: log.logger });
    const get = getFrom(app);

    it('throttles 1,000 wrong export tokens after the tenth (429), refuses even the right token meanwhile, and logs each refusal with the address, never the token', async () => {
      const guess = async (i: number) => (await get('/exports/ledger?format=json', { authorization: `Bearer guess-${i}-0123456789abcdef` })).statusCode;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push(await guess(i));
      expect(statuses).toEqual(Array(10).fill(401));

      // The eleventh request, well within the routes' own limit, is refused: the right token too.
      const right = await get('/exports/ledger?format=json', { authorization: `Bearer ${TOKEN}` });
      expect(right.statusCode).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.json()).toMatchObject({ error: 'too_many_requests' });
      expect(right.json().message).toMatch(/^too many requests; try again in \d+ seconds$/);

      for (let i = 10; i < 1000; i++) statuses.push(await guess(i));
      expect(statuses.slice(10).every((status) => status === 429)).toBe(true);

      const refused = log.lines.filter((line) => line.msg === 'refused an export download: wrong token');
      expect(refused).toHaveLength(10);
      expect(refused.map((line) => [line.level, line.ip, line.failures])).toEqual(Array.from({ length: 10 }, (_, i) => [40, '127.0.0.1', i + 1]));
      expect(log.lines.filter((line) => line.msg === 'export downloads throttled after repeated wrong tokens')).toHaveLength(1);
      // The log is not flooded: a line per refusal that counted, one when throttling begins.
      expect(log.lines.length).toBeLessThan(20);
      expect(log.text()).not.toContain('guess-');
      expect(log.text()).not.toContain(TOKEN);
    });
  });

  describe('ZEREN_WEB_RATE_LIMIT', () => {
    const app = withApp({ ZEREN_WEB_RATE_LIMIT: '5' });
    const get = getFrom(app);

    it('limits requests per client address on the pages (ZEREN_WEB_RATE_LIMIT), in the page’s language, but not the probes, /metrics or Slack’s requests', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await get('/public')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await get('/public?lang=zh-CN');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json().message).toMatch(/^请求过于频繁，请 \d+ 秒后再试$/);
      expect(limited.headers['x-frame-options']).toBe('DENY');

      // The probes and the scrapes are not limited (this bot has not met Slack, so it is not ready: 503, never 429).
      for (let i = 0; i < 10; i++) expect((await get('/livez')).statusCode).toBe(200);
      for (let i = 0; i < 10; i++) expect((await get('/healthz')).statusCode).toBe(503);
      for (let i = 0; i < 10; i++) expect((await get('/metrics')).statusCode).toBe(200);
      for (let i = 0; i < 10; i++) expect((await app.send(slashCommand({ text: 'help', user_id: 'U1' }))).statusCode).not.toBe(429);
    });
  });

  describe('ZEREN_TRUST_PROXY', () => {
    const app = withApp({ ZEREN_WEB_RATE_LIMIT: '2', ZEREN_TRUST_PROXY: '127.0.0.1' });
    const get = getFrom(app);

    it('counts each client behind a trusted proxy by its own address (ZEREN_TRUST_PROXY)', async () => {
      const from = async (client: string) => (await get('/public', { 'x-forwarded-for': client })).statusCode;
      expect([await from('203.0.113.1'), await from('203.0.113.1'), await from('203.0.113.1')]).toEqual([200, 200, 429]);
      expect(await from('203.0.113.2')).toBe(200);
    });
  });
});
