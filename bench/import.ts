// The time to validate and write a large import (1,500 units, 50,000 items) and to re-run it
// unchanged, on PGlite or on PostgreSQL when DATABASE_URL is set; with peak memory.
import { stringify } from 'yaml';
import { importFiles } from '../src/services/importer.js';
import { createTestDb } from '../test/support/test-db.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 1500);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);

const units = Array.from({ length: UNITS }, (_, i) => ({
  code: i === 0 ? 'P' : `P-${i}`,
  name: `单位${i}`,
  ...(i === 0 ? {} : { parent: i < 14 ? 'P' : `P-${1 + (i % 13)}` }),
  head: `U${String(i).padStart(6, '0')}H`,
  supervisor: 'U000000S',
}));
const perUnit = Math.ceil(ITEMS / UNITS);
const lists = units.map((unit, u) => ({
  unit: unit.code,
  year: 2026,
  items: Array.from({ length: Math.min(perUnit, ITEMS - u * perUnit) }, (_, i) => ({
    code: `${unit.code}-2026-${i}`,
    title: `事项${i}`,
    responsibility: i % 2 ? 'primary' : 'supervisory',
    owners: [`U${String(u).padStart(6, '0')}O${i % 3}`],
    due: '2026-12-31',
    cadence: 'weekly',
    start: '2026-01-05',
    milestones: [{ title: '中期', due: '2026-06-30', percent: 50 }],
  })),
})).filter((list) => list.items.length);
const content = stringify({ units, lists });

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const testDb = await createTestDb();
const deps = { db: testDb.db.kysely, now: new Date('2026-01-05T01:00:00Z'), timeZone: 'Asia/Shanghai' };
const time = async (label: string) => {
  const started = performance.now();
  const outcome = await importFiles(deps, [{ name: 'bench.yaml', content }]);
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${seconds.toFixed(2)} s (${outcome.plan.changes.length} changes)`);
};
console.log(`engine: ${testDb.db.engine}; ${UNITS} units, ${ITEMS} items, file ${(content.length / 1e6).toFixed(1)} MB`);
await time('first import');
await time('unchanged re-import');
clearInterval(sampler);
console.log(`peak RSS: ${(peak / 2 ** 20).toFixed(0)} MB`);
await testDb.close();
