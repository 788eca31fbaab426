import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.js';

// ZEREN_PUBLIC_PAGES=off: an office that does not publish its lists has no /public at all.
const organisation = `units:
  - { code: JS, name: 江苏省纪委, head: U01HEADXYZ, supervisor: U01SUPXYZ }
lists:
  - unit: JS
    year: 2026
    items:
      - { code: JS-01, title: 细化责任清单, responsibility: primary, owners: [U03OWNXYZ], due: 2026-12-31, cadence: weekly }
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
    expect((await app.bot.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
