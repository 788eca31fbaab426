import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`public-page.browser.test: SKIPPED, ${CHROMIUM} is missing (install Debian's chromium package; .ci/run tries to)`);

const NOW = new Date('2026-11-24T17:30:00Z');
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEADXYZ, supervisor: U01SUPXYZ }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEADXYZ, supervisor: U01SUPXYZ }
lists:
  - unit: JS-NJ
    year: 2026
    items:
      - { code: NJ-01, title: 细化责任清单, responsibility: primary, owners: [U03OWNXYZ], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
      - { code: NJ-02, title: 开展专项督查, responsibility: supervisory, owners: [U04OWNXYZ], due: 2027-06-30, cadence: monthly, start: 2027-01-04 }
`;

/** The image's pixel bytes, for a PNG as Chromium writes it (8-bit, non-interlaced). */
function pngStats(png: Buffer) {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  // Rows are filtered, so distinct byte values are only a rough measure: one colour gives a handful.
  return { width, height, distinctBytes: new Set(raw).size };
}

describe.skipIf(!haveChromium)('public pages in a real browser (Chromium)', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'zh-CN' }, now: NOW, connect: false, reset: false });
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const db = app.db;
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    expect(await app.bot.services.progress.record({ actor: 'U03OWNXYZ', code: 'NJ-01', percent: 40, status: 'on_track', note: '内部', internal: true, source: 'slash_command', requestKey: 'r1' })).toMatchObject({ ok: true });
    await db.updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEADXYZ' }).where('unit_code', '=', 'JS-NJ').execute();
    await app.bot.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.bot.server.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the index, follows a list, switches language, and renders', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') failed.push(message.text());
    });

    await page.goto(`${base}/public`);
    expect(await page.locator('h1').textContent()).toBe('责任清单公开');
    await page.getByRole('link', { name: '南京市纪委 2026 年度' }).click();
    await page.waitForURL(/\/public\/JS-NJ\/2026\?lang=zh-CN$/);
    expect(await page.locator('h1').textContent()).toBe('南京市纪委 2026 年度责任清单');
    const first = page.locator('#items tbody tr').first();
    expect(await first.locator('td').allTextContents()).toEqual(['正常', 'NJ-01', '细化责任清单', '主体责任', '40%', '2026-12-31', '']);
    // The dot is drawn in the light's colour (the inline stylesheet applied, CSP and all).
    // (The tests are compiled without the DOM's types: the browser's getComputedStyle is reached through globalThis.)
    const colourOf = (dot: unknown) => (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(dot).backgroundColor;
    expect(await first.locator('.dot').evaluate(colourOf)).toBe('rgb(67, 160, 71)');

    await page.locator('#switch-language').click();
    await page.waitForURL(/\/public\/JS-NJ\/2026\?lang=en$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('南京市纪委: responsibility list 2026');
    expect(await page.locator('#items thead th').allTextContents()).toEqual(['Light', 'Code', 'Item', 'Responsibility', 'Progress', 'Due', 'Latest note']);
    expect(await page.locator('#items tbody tr').nth(1).locator('td').allTextContents()).toEqual(['Not started', 'NJ-02', '开展专项督查', 'Supervisory (监督责任)', 'not reported', '2027-06-30', '']);
    expect(await page.content()).not.toMatch(/\bU[A-Z0-9]{6,}\b/);

    const screenshot = await page.screenshot({ fullPage: true });
    const stats = pngStats(screenshot);
    expect(stats.width).toBe(1024);
    expect(stats.height).toBeGreaterThan(100);
    expect(screenshot.length).toBeGreaterThan(5_000);
    expect(stats.distinctBytes).toBeGreaterThan(20);

    await page.locator('#back').click();
    await page.waitForURL(/\/public\?lang=en$/);
    expect(await page.locator('h1').textContent()).toBe('Published responsibility lists');
    expect(failed).toEqual([]);
  }, 60_000);
});
