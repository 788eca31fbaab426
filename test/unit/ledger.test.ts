import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendLedger } from '../../src/services/ledger.js';
import { verifyLedger } from '../../src/services/ledger-verify.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

describe('the ledger', () => {
  let testDb: TestDb;
  const at = new Date('2026-11-25T02:00:00Z');
  const db = () => testDb.db.kysely;

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
    await db().insertInto('units').values([{ code: 'JS', name: '江苏省纪委' }, { code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS' }]).execute();
    await appendLedger(db(), [
      { unit: 'JS', kind: 'imported', actor: 'system', source: 'import', at, details: { note: '第一条' } },
      { unit: 'JS-NJ', kind: 'imported', actor: 'system', source: 'import', at },
      { unit: 'JS', kind: 'report', actor: 'U01', source: 'slash_command', at, details: { percent: 40, status: 'on_track', note: '进展顺利' } },
    ]);
  });

  it('chains each entry to the previous entry of its unit', async () => {
    const entries = await db().selectFrom('ledger').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.id, e.unit_code])).toEqual([
      [1, 'JS'],
      [2, 'JS-NJ'],
      [3, 'JS'],
    ]);
    expect(entries[0]?.prev_hash).toBe('0'.repeat(64));
    expect(entries[1]?.prev_hash).toBe('0'.repeat(64));
    expect(entries[2]?.prev_hash).toBe(entries[0]?.hash);
    expect(await verifyLedger(db())).toEqual({ ok: true, entries: 3, units: 2 });
  });

  it.each([
    ['UPDATE', sql`update ledger set kind = 'forged' where id = 1`],
    ['DELETE', sql`delete from ledger where id = 3`],
    ['TRUNCATE', sql`truncate ledger cascade`],
  ])('refuses %s', async (operation, statement) => {
    // Even to the owner (the bot's restricted role is refused before the trigger, see trust-chain.e2e).
    await expect(statement.execute(testDb.owner.kysely)).rejects.toThrow(`the ledger is append-only: ${operation} is refused`);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, entries: 3 });
  });

  // With the guard lifted (as only the tables' owner can), tampering is still found by the chain.
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await testDb.owner.kysely.transaction().execute(async (trx) => {
      await sql`alter table ledger disable trigger ledger_append_only`.execute(trx);
      await statement.execute(trx);
      await sql`alter table ledger enable trigger ledger_append_only`.execute(trx);
    });
  };

  it('finds an entry whose content was changed, naming it', async () => {
    await tamper(sql`update ledger set details = '{"percent": 90, "status": "on_track", "note": "进展顺利"}' where id = 3`);
    expect(await verifyLedger(db())).toEqual({ ok: false, entries: 3, broken: { id: 3, unit: 'JS', reason: 'hash' } });
  });

  it('finds an entry removed from the middle of a chain', async () => {
    await appendLedger(db(), [{ unit: 'JS', kind: 'report', actor: 'U01', source: 'modal', at, details: { percent: 50 } }]);
    await tamper(sql`delete from ledger where id = 3`);
    expect(await verifyLedger(db())).toMatchObject({ ok: false, broken: { id: 4, unit: 'JS', reason: 'link' } });
  });

  it('finds the last entry of a chain removed', async () => {
    await tamper(sql`delete from ledger where id = 3`);
    expect(await verifyLedger(db())).toMatchObject({ ok: false, broken: { unit: 'JS', reason: 'head' } });
  });

  it('keeps id order equal to chain order when units write at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db()
          .transaction()
          .execute((trx) => appendLedger(trx, [{ unit: i % 2 ? 'JS' : 'JS-NJ', kind: 'report', actor: `U${i}`, source: 'modal', at, details: { percent: i } }])),
      ),
    );
    expect(await verifyLedger(db())).toEqual({ ok: true, entries: 23, units: 2 });
  });
});
