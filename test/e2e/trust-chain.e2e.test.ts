import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryPglite, openDatabase } from '../../src/db/database.js';
import { LedgerKeyPlugin } from '../../src/db/ledger-key.js';
import type { Database } from '../../src/db/schema.js';
import { chainHash, GENESIS_HASH } from '../../src/domain/ledger-chain.js';
import { exportAnchors } from '../../src/services/anchors.js';
import { appendLedger } from '../../src/services/ledger.js';
import { sealLedgerKeying, verifyLedger } from '../../src/services/ledger-verify.js';
import { root, useDataDir, zeren } from '../support/cli.js';
import { createTestDb, TEST_LEDGER_KEY, type TestDb } from '../support/test-db.js';

const at = new Date('2026-11-25T02:00:00Z');
const withKey = (db: Kysely<Database>, key: Buffer) => db.withoutPlugins().withPlugin(new LedgerKeyPlugin(key));

describe('the keyed, anchored ledger chain', () => {
  let testDb: TestDb;
  const db = () => testDb.db.kysely;
  const owner = () => testDb.owner.kysely;

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
    await db().insertInto('units').values([{ code: 'JS', name: '江苏省纪委' }, { code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS' }]).execute();
    for (let i = 1; i <= 6; i++) {
      await appendLedger(db(), [{ unit: i % 3 ? 'JS' : 'JS-NJ', kind: 'report', actor: 'U01', source: 'slash_command', at, details: { percent: i * 10, note: `第${i}次` } }]);
    }
  });

  it('keys each hash with the ledger key: another key does not verify it', async () => {
    expect(await verifyLedger(db())).toEqual({ ok: true, entries: 6, units: 2 });
    const first = await db().selectFrom('ledger').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    // Not the unkeyed SHA-256 of the same text: without the key the hash cannot be recomputed.
    const { rows } = await sql<{ rest: string }>`select ledger_entry_text('', unit_code, item_code, kind, actor, source, at, details) as rest from ledger where id = 1`.execute(db());
    expect(first.hash).toBe(chainHash('hmac', TEST_LEDGER_KEY, GENESIS_HASH, (rows[0] as { rest: string }).rest));
    expect(first.hash).not.toBe(chainHash('sha256', TEST_LEDGER_KEY, GENESIS_HASH, (rows[0] as { rest: string }).rest));
    const wrong = await verifyLedger(withKey(db(), Buffer.from('another-key-of-at-least-32-characters!!')));
    expect(wrong).toMatchObject({ ok: false, broken: { id: 1, reason: 'hash' } });
    expect(await sealLedgerKeying(withKey(db(), Buffer.from('another-key-of-at-least-32-characters!!')))).toBe('mismatch');
  });

  it('refuses an entry that does not link to its unit head, writing nothing', async () => {
    await expect(
      sql`insert into ledger (unit_code, kind, actor, source, at, details, prev_hash, hash) values ('JS', 'forged', 'U9', 'web', now(), '{}', ${GENESIS_HASH}, ${'a'.repeat(64)})`.execute(db()),
    ).rejects.toThrow(/must link to the head/);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, entries: 6 });
  });

  // The owner's attack of issue 10, by someone who even holds the key: disable the triggers, rewrite
  // a note, recompute the chain, move the heads, cut the last entries. Only the anchors tell.
  it('finds a rewritten or shortened chain against the anchors taken earlier, naming the entry', async () => {
    const anchors = await exportAnchors({ db: db(), now: at, timeZone: 'Asia/Shanghai' });
    expect(anchors.map((a) => [a.unit, a.last_id])).toEqual([
      ['JS', 5],
      ['JS-NJ', 6],
    ]);
    expect(await verifyLedger(db(), { anchors })).toEqual({ ok: true, entries: 6, units: 2, anchors: 2 });

    // Without the key, a rewritten note is found by the chain itself.
    await owner().transaction().execute(async (trx) => {
      await sql`alter table ledger disable trigger user`.execute(trx);
      await sql`update ledger set details = jsonb_set(details, '{note}', '"改写"') where id = 2`.execute(trx);
      await sql`alter table ledger enable trigger user`.execute(trx);
    });
    expect(await verifyLedger(db())).toMatchObject({ ok: false, broken: { id: 2, unit: 'JS', reason: 'hash' } });

    // With the key: recompute every hash and head, and drop the JS chain's last two entries.
    await owner().transaction().execute(async (trx) => {
      await sql`alter table ledger disable trigger user`.execute(trx);
      await sql`delete from ledger where id in (4, 5)`.execute(trx);
      const { rows } = await sql<{ id: number; unit_code: string; rest: string }>`
        select id, unit_code, ledger_entry_text('', unit_code, item_code, kind, actor, source, at, details) as rest from ledger order by id`.execute(trx);
      const head = new Map<string, string>();
      for (const row of rows) {
        const prev = head.get(row.unit_code) ?? GENESIS_HASH;
        const hash = chainHash('hmac', TEST_LEDGER_KEY, prev, row.rest);
        await sql`update ledger set prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`.execute(trx);
        head.set(row.unit_code, hash);
      }
      for (const [unit, hash] of head) await sql`update ledger_heads set hash = ${hash}, last_id = (select max(id) from ledger where unit_code = ${unit}) where unit_code = ${unit}`.execute(trx);
      await sql`alter table ledger enable trigger user`.execute(trx);
    });
    expect(await verifyLedger(db())).toMatchObject({ ok: true, entries: 4 });
    expect(await verifyLedger(db(), { anchors })).toMatchObject({ ok: false, broken: { id: 5, unit: 'JS', reason: 'anchor_removed' } });
    // JS-NJ's chain was left alone: its anchor (also in the digest's short form) still matches.
    expect(await verifyLedger(db(), { anchors: [{ unit: 'JS-NJ', last_id: 6, hash: (anchors[1] as { hash: string }).hash.slice(0, 12) }] })).toMatchObject({ ok: true, anchors: 1 });
    expect(await verifyLedger(db(), { anchors: [{ unit: 'JS', last_id: 2, hash: 'f'.repeat(64) }] })).toMatchObject({ ok: false, broken: { id: 2, reason: 'anchor_rewritten' } });
  });

  it.runIf(process.env.DATABASE_OWNER_URL)('runs the bot as a role that cannot lift the ledger guards nor change it', async () => {
    for (const statement of [
      sql`alter table ledger disable trigger ledger_append_only`,
      sql`alter table ledger disable trigger user`,
      sql`update ledger set kind = 'forged' where id = 1`,
      sql`delete from ledger where id = 6`,
      sql`truncate ledger`,
      sql`update ledger_heads set hash = ${GENESIS_HASH}`,
      sql`delete from ledger_heads`,
      sql`update ledger_keying set keyed_from = 99`,
      sql`drop trigger ledger_append_only on ledger`,
    ]) {
      await expect(statement.execute(db())).rejects.toThrow(/permission denied|must be owner/);
    }
    expect(await verifyLedger(db())).toEqual({ ok: true, entries: 6, units: 2 });
    // And it still does its work: appending.
    await appendLedger(db(), [{ unit: 'JS', kind: 'report', actor: 'U01', source: 'modal', at, details: {} }]);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, entries: 7 });
  });
  it.skipIf(process.env.DATABASE_OWNER_URL)('(the restricted-role test needs PostgreSQL with DATABASE_OWNER_URL; .ci/run sets it)', () => {});
});

describe('a ledger from before keying', () => {
  it('stays verifiable after the migration, and its unkeyed entries stay tamper-evident', async () => {
    const folder = new URL('../../migrations/', import.meta.url);
    const files = readdirSync(folder).filter((file) => file.endsWith('.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) migrations[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(join(folder.pathname, file)).href)) as Migration;
    const database = await openDatabase({ DATA_DIR: '', pglite: await createMemoryPglite(), ledgerKey: TEST_LEDGER_KEY });
    try {
      const migrator = new Migrator({ db: database.kysely, provider: { getMigrations: async () => migrations } });
      const before = files.indexOf('2026-12-02T1910_trust-keyed-chain.ts');
      expect((await migrator.migrateTo(files[before - 1]?.replace(/\.ts$/, '') as string)).error).toBeUndefined();
      const k = database.kysely;
      await k.insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
      // The old trigger hashed with plain SHA-256 in the database.
      await sql`insert into ledger (unit_code, kind, actor, source, at, details) values ('JS', 'imported', 'system', 'import', ${at}, '{"note": "旧"}'), ('JS', 'report', 'U01', 'modal', ${at}, '{"percent": 10}')`.execute(k);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await sealLedgerKeying(k)).toBe('sealed');
      await appendLedger(k, [{ unit: 'JS', kind: 'report', actor: 'U01', source: 'modal', at, details: { percent: 20 } }]);
      expect(await k.selectFrom('ledger_keying').select('keyed_from').executeTakeFirst()).toEqual({ keyed_from: 3 });
      expect(await verifyLedger(k)).toEqual({ ok: true, entries: 3, units: 1 });
      // The boundary cannot be moved to pass keyed entries off as unkeyed ones: the seal is keyed.
      await sql`alter table ledger_keying disable trigger user`.execute(k);
      await sql`update ledger_keying set keyed_from = 10`.execute(k);
      expect(await verifyLedger(k)).toMatchObject({ ok: false, broken: { reason: 'keying' } });
      await sql`update ledger_keying set keyed_from = 3`.execute(k);
      await sql`alter table ledger_keying enable trigger user`.execute(k);
      // An old entry rewritten is still found.
      await sql`alter table ledger disable trigger user`.execute(k);
      await sql`update ledger set details = '{"note": "新"}' where id = 1`.execute(k);
      await sql`alter table ledger enable trigger user`.execute(k);
      expect(await verifyLedger(k)).toMatchObject({ ok: false, broken: { id: 1, reason: 'hash' } });
    } finally {
      await database.close();
    }
  });
});

describe('zeren export anchors / zeren verify --anchors', { timeout: 400_000 }, () => {
  const data = useDataDir('zeren-anchors-');

  it('exports each unit head and fails, naming the entry, when an anchor no longer matches', async () => {
    const env = data.env;
    expect((await zeren(['import', join(root, 'examples/jiangsu-2016.yaml')], env)).code).toBe(0);
    const file = join(data.dataDir, 'anchors.json');
    const exported = await zeren(['export', 'anchors', '--format', 'json', '--out', file], env);
    expect(exported.code, exported.stderr).toBe(0);
    const anchors = JSON.parse(readFileSync(file, 'utf8')) as { unit: string; last_id: number; hash: string; at: string }[];
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(anchor).toMatchObject({ unit: expect.any(String), last_id: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.stringMatching(/\+08:00$/) });
    const ok = await zeren(['verify', '--anchors', file], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${anchors.length} anchor(s) found unchanged`);

    const first = anchors[0] as { unit: string; last_id: number; hash: string };
    const forged = join(data.dataDir, 'forged.json');
    writeFileSync(forged, JSON.stringify([{ ...first, hash: first.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }]));
    const rewritten = await zeren(['verify', '--anchors', forged], env);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr.trim()).toBe(`zeren: ledger entry ${first.last_id} (unit ${first.unit}) does not match: it is anchored outside the database and its hash is no longer the anchored one (rewritten)`);
  });
});
