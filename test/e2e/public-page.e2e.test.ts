import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-24T17:30:00Z');
// Slack-shaped ids, long enough that the leak check below would catch any of them.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEADXYZ, supervisor: U01SUPXYZ }
  - { code: JS-NJ, name: 南京市纪委, parent: JS, head: U02HEADXYZ, supervisor: U01SUPXYZ }
  - { code: JS-SZ, name: 苏州市纪委, parent: JS, head: U03HEADXYZ, supervisor: U01SUPXYZ }
lists:
  - unit: JS-NJ
    year: 2026
    items:
      - { code: NJ-01, title: "细化责任清单 <script>alert(1)</script> & “引号”", responsibility: primary, owners: [U03OWNXYZ, U04OWNXYZ], due: 2026-12-31, cadence: weekly, start: 2026-11-02 }
      - { code: NJ-02, title: 开展专项督查, responsibility: supervisory, owners: [U04OWNXYZ], due: 2027-06-30, cadence: monthly, start: 2027-01-04 }
  - unit: JS-SZ
    year: 2026
    items:
      - { code: SZ-01, title: 落实整改, responsibility: primary, owners: [U05OWNXYZ], due: 2026-11-30, cadence: weekly, start: 2026-11-02 }
report_rounds:
  - { code: JS-2026-ST, kind: statement, units: [JS-NJ], period: "2026", due: 2026-12-20, reviewers: [U01SUPXYZ] }
`;
const SLACK_ID = /\bU[A-Z0-9]{6,}\b/;
const NOTE = '内部备注：请勿外传';

describe('public pages (公开)', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'zh-CN' }, now: NOW, connect: false, reset: false });
  const get = (url: string) => app.bot.server.inject({ method: 'GET', url });

  beforeAll(async () => {
    const db = app.db;
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    const report = await app.bot.services.progress.record({ actor: 'U03OWNXYZ', code: 'NJ-01', percent: 40, status: 'at_risk', note: NOTE, internal: true, source: 'slash_command', requestKey: 'r1' });
    expect(report).toMatchObject({ ok: true });
    // Only Nanjing's list is signed; Suzhou's is not, and must not be published.
    await db.updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEADXYZ' }).where('unit_code', '=', 'JS-NJ').execute();
  });

  it('the index links every signed list and no other, in the default language', async () => {
    const response = await get('/public');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe("default-src 'none';style-src 'unsafe-inline';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(response.body).toContain('<html lang="zh-CN">');
    expect(response.body).toContain('责任清单公开');
    expect(response.body).toContain('href="/public/JS-NJ/2026?lang=zh-CN"');
    expect(response.body).toContain('南京市纪委 2026 年度');
    expect(response.body).toContain('2026-11-25 签字');
    expect(response.body).not.toContain('JS-SZ');
    expect(response.body).not.toContain('苏州');
    expect(response.body).toContain('href="/public?lang=en"');
  });

  it('a list page shows each item with its light, progress and due date, in both languages', async () => {
    const zh = await get('/public/JS-NJ/2026');
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('南京市纪委 2026 年度责任清单');
    expect(zh.body).toMatch(/<tr data-light="(\w+)"><td><span class="dot light-\1"[^>]*><\/span>[^<]+<\/td><td>NJ-01<\/td>/);
    expect(zh.body).toContain('<td class="num">40%</td>');
    expect(zh.body).toContain('<td class="num">2026-12-31</td>');
    expect(zh.body).toContain('主体责任');
    expect(zh.body).toContain('监督责任');
    // NJ-02 starts next year: not started, nothing reported.
    expect(zh.body).toMatch(/<tr data-light="grey"><td><span class="dot light-grey"[^>]*><\/span>未开始<\/td><td>NJ-02<\/td>.*<td class="num">未报送<\/td><td class="num">2027-06-30<\/td>/);
    expect(zh.body).toContain('href="/public/JS-NJ/2026?lang=en"');

    const en = await get('/public/JS-NJ/2026?lang=en');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('南京市纪委: responsibility list 2026');
    expect(en.body).toMatch(/<tr data-light="grey"><td><span class="dot light-grey"[^>]*><\/span>Not started<\/td><td>NJ-02<\/td>.*<td class="num">not reported<\/td>/);
    expect(en.body).toContain('Supervisory (监督责任)');
    expect(en.body).toContain('<td class="num">40%</td>');
    expect(en.body).toContain('href="/public?lang=en"');
    expect(en.body).toContain('href="/public/JS-NJ/2026?lang=zh-CN"');
    expect(en.body).not.toContain('状态灯');
    // An unknown language falls back to the default.
    expect((await get('/public/JS-NJ/2026?lang=fr')).body).toContain('<html lang="zh-CN">');
  });

  it('leaks nothing private: no Slack ids, no internal notes', async () => {
    for (const url of ['/public', '/public?lang=en', '/public/JS-NJ/2026', '/public/JS-NJ/2026?lang=en', '/public/JS-SZ/2026']) {
      const response = await get(url);
      expect(response.body, url).not.toMatch(SLACK_ID);
      expect(response.body, url).not.toContain(NOTE);
    }
    // Only the responsibility list is published: not Nanjing's report in the round (an item of its report list).
    expect((await get('/public/JS-NJ/2026')).body).toContain('NJ-01');
    expect((await get('/public/JS-NJ/2026')).body).not.toContain('JS-2026-ST');
    // The check itself would catch the ids the test uses.
    expect('owner U03OWNXYZ').toMatch(SLACK_ID);
  });

  it('escapes HTML in titles', async () => {
    const { body } = await get('/public/JS-NJ/2026');
    expect(body).not.toContain('<script>');
    expect(body).toContain('细化责任清单 &lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”');
  });

  it('answers 404 with a page for an unsigned, unknown or malformed list', async () => {
    for (const url of ['/public/JS-SZ/2026', '/public/JS-NJ/2025', '/public/NOPE/2026?lang=en', '/public/JS-NJ/abc', `/public/${encodeURIComponent('<b>')}/2026`]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.body, url).not.toContain('落实整改');
      expect(response.body, url).not.toContain('<b>');
    }
    expect((await get('/public/NOPE/2026?lang=en')).body).toContain('There is no published list here');
    expect((await get('/public/JS-SZ/2026')).body).toContain('尚未签字');
  });
});
