import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { tickOnce } from '../../src/app/tick-once.js';
import { calendarPackageKnowsYear } from '../../src/domain/calendar.js';
import { appHomeOpened } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

/** A logger whose lines the test reads. */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const warnings = (lines: Record<string, unknown>[]) => lines.filter((line) => line.level === 40 && line.year === 2027);

// chinese-days 1.5.7 has no 2027: these tests are about that gap (an upgrade that brings 2027 makes
// them moot, and the first test says so).
describe('warning of a coming year without holidays', () => {
  const log = captureLog();
  const app = useTestApp({ now: '2026-11-16T02:00:00Z', env: { ZEREN_ADMINS: 'U0ADMIN', ZEREN_LOCALE: 'en' }, users: ['U0ADMIN', 'U0OTHER'], logger: log.logger });

  it('zeren start logs it from November on', () => {
    expect(calendarPackageKnowsYear(2027)).toBe(false);
    expect(warnings(log.lines).map((line) => line.msg)).toEqual([expect.stringContaining('The calendar has no holidays or 调休 days for 2027 yet')]);
  });

  it('an admin’s App Home shows it; nobody else’s does', async () => {
    for (const user of ['U0ADMIN', 'U0OTHER']) expect((await app.send(appHomeOpened(user, { eventId: `Ev-${user}` }))).statusCode).toBe(200);
    await expect.poll(() => app.fake.homeView('U0ADMIN')).toBeDefined();
    await expect.poll(() => app.fake.homeView('U0OTHER')).toBeDefined();
    expect(JSON.stringify(app.fake.homeView('U0ADMIN')?.view.blocks)).toContain('no holidays or 调休 days for 2027');
    expect(JSON.stringify(app.fake.homeView('U0OTHER')?.view.blocks)).not.toContain('2027');
  });

  it('zeren tick logs it; imported calendar: days for 2027 silence it, in October it is not said', async () => {
    const tickLog = captureLog();
    const tick = (at: string) => tickOnce({ config: app.config, db: app.testDb.db, logger: tickLog.logger, at: new Date(at), waitMs: 2000 });
    await tick('2026-11-16T02:00:00Z');
    expect(warnings(tickLog.lines)).toHaveLength(1);
    await tick('2026-10-30T02:00:00Z');
    expect(warnings(tickLog.lines)).toHaveLength(1);
    await app.importDocuments('calendar:\n  - { date: 2027-02-11, working: false, name: 春节 }\n');
    await tick('2026-11-17T02:00:00Z');
    expect(warnings(tickLog.lines)).toHaveLength(1);
    await app.send(appHomeOpened('U0ADMIN', { eventId: 'Ev-again' }));
    await expect.poll(() => JSON.stringify(app.fake.homeView('U0ADMIN')?.view.blocks)).not.toContain('2027');
  });
});
