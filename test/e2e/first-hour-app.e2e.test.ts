import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeRows } from '../../src/services/export-format.js';
import { exportItems, itemColumns } from '../../src/services/exports.js';
import { useTestApp } from '../support/test-app.js';

// A new office's first hour in the server: public pages it can turn off, an items export with what
// the office keeps of each item.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEADXYZ, supervisor: U01SUPXYZ }
lists:
  - unit: JS
    year: 2026
    items:
      - { code: JS-01, title: 细化责任清单, responsibility: primary, owners: [U03OWNXYZ], due: 2026-12-31, cadence: weekly }
      - code: JS-02
        title: 开展专项督查
        responsibility: supervisory
        target: 每半年至少开展一次专项督查
        department: 执纪监督室
        owners: [U03OWNXYZ]
        due: 2026-12-31
        cadence: weekly
        milestones:
          - { title: 初稿, due: 2026-06-30, percent: 50 }
          - { title: 定稿, due: 2026-09-30 }
`;

describe('ZEREN_PUBLIC_PAGES=off', () => {
  const app = useTestApp({ env: { ZEREN_PUBLIC_PAGES: 'off' }, now: new Date('2026-11-24T09:00:00Z'), connect: false, reset: false });

  it('answers 404 for the index and for a signed list, while the rest of the server runs', async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await app.db.updateTable('lists').set({ signed_at: new Date('2026-11-24T09:00:00Z'), signed_by: 'U01HEADXYZ' }).where('unit_code', '=', 'JS').execute();
    for (const url of ['/public', '/public/JS/2026', '/public?lang=en']) {
      const response = await app.bot.server.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('细化责任清单');
    }
    expect((await app.bot.server.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
  });
});

describe('the items export', () => {
  const app = useTestApp({ now: new Date('2026-11-24T09:00:00Z'), connect: false, reset: false });

  it('carries unit_name, target, department and milestones after SPEC §3’s columns, in JSON and CSV alike', async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    expect(itemColumns.slice(-4)).toEqual(['unit_name', 'target', 'department', 'milestones']);
    const rows = await exportItems(app.deps());
    expect(rows.map((row) => [row.code, row.unit_name, row.target, row.department, row.milestones])).toEqual([
      ['JS-01', '江苏省纪委', null, null, []],
      ['JS-02', '江苏省纪委', '每半年至少开展一次专项督查', '执纪监督室', ['初稿@2026-06-30@50', '定稿@2026-09-30']],
    ]);
    const out = new PassThrough();
    let csv = '';
    out.on('data', (chunk) => (csv += chunk));
    await writeRows(rows, itemColumns, 'csv', out);
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('unit,code,title,responsibility,owners,due,percent,status,light,approval,last_report_at,list_signed_at,unit_name,target,department,milestones');
    expect(lines[2]).toMatch(/,江苏省纪委,每半年至少开展一次专项督查,执纪监督室,初稿@2026-06-30@50;定稿@2026-09-30$/);
  });
});
