import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, zeren as run } from '../support/cli.js';

/**
 * What users run is the compiled code (`npm run build`, run by `npm ci`'s `prepare`), not tsx.
 * This compiles the sources the way `npm run build` does, into a copy of the layout (bin/ and
 * dist/) inside node_modules/.cache so that the packages resolve and the checkout's own dist/ is
 * left alone, and runs `zeren` from it: the migrations must be found in their compiled form.
 */
const build = join(root, 'node_modules/.cache/zeren-compiled-build-test');
const bin = join(build, 'bin/zeren.js');
let dataDir: string;

/** `zeren ARGS` from the compiled build (or another entry point), on the file's data directory. */
const zeren = (args: string[], binary = bin) => run(args, { DATA_DIR: dataDir }, { bin: binary });

beforeAll(() => {
  rmSync(build, { recursive: true, force: true });
  mkdirSync(join(build, 'bin'), { recursive: true });
  copyFileSync(join(root, 'bin/zeren.js'), bin);
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(build, 'dist')], { encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  dataDir = mkdtempSync(join(tmpdir(), 'zeren-compiled-'));
}, 240_000);

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled zeren', { timeout: 120_000 }, () => {
  it('prints its usage', async () => {
    const result = await zeren(['--help']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: zeren/m);
  });

  it('applies every migration in migrations/, compiled, then verifies the empty ledger', async () => {
    const expected = readdirSync(join(root, 'migrations'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const migrated = await zeren(['migrate']);
    // The first start without ZEREN_LEDGER_KEY makes the key file and says so, once (README "Trust model").
    expect(migrated.stderr.trim()).toMatch(/^ZEREN_LEDGER_KEY is not set: made a ledger key in \S+ledger\.key\. [^\n]*$/);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout.trim()).toBe(`migrations applied: ${expected.join(', ')}`);
    const verified = await zeren(['verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/ledger/i);
  });

  it('says to build when dist/ is missing', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'zeren-unbuilt-'));
    try {
      mkdirSync(join(bare, 'bin'));
      copyFileSync(join(root, 'bin/zeren.js'), join(bare, 'bin/zeren.js'));
      const result = await zeren(['--help'], join(bare, 'bin/zeren.js'));
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('zeren: the compiled code is missing (dist/): run `npm run build` (or `npm ci`) first');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
