import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * vitest's global set-up: the `zeren` that the CLI tests spawn is the compiled code, as users run
 * it (bin/zeren.js over dist/), not the sources through tsx, whose start costs seconds per process.
 * The sources are compiled once per content (a hash of src/, migrations/, bin/zeren.js and the
 * tsconfigs) into node_modules/.cache/zeren-test-build/HASH/{bin,dist}, inside the checkout so that
 * the packages resolve, beside and never over the checkout's own dist/. A run whose sources are
 * unchanged reuses the build; concurrent runs each build into a directory of their own and the
 * first to finish wins. ZEREN_TEST_SOURCES=1 spawns bin/zeren-dev.js (tsx) instead.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = join(root, 'node_modules/.cache/zeren-test-build');
const INPUTS = ['src', 'migrations', 'bin/zeren.js', 'tsconfig.json', 'tsconfig.build.json'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** The hash of what the build is made of: paths and contents. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Compiles the sources into the cache (or finds them there) and returns the compiled bin/zeren.js. */
export function compiledZeren(): string {
  const hash = sourceHash();
  const build = join(cache, hash);
  const bin = join(build, 'bin/zeren.js');
  if (existsSync(join(build, 'complete'))) return bin;
  const partial = join(cache, `${hash}.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(join(partial, 'bin'), { recursive: true });
  copyFileSync(join(root, 'bin/zeren.js'), join(partial, 'bin/zeren.js'));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(partial, 'dist')], { encoding: 'utf8' });
  // A type error still emits (noEmitOnError is off): the type check is `npm run typecheck`'s job.
  if (!existsSync(join(partial, 'dist/src/cli.js'))) throw new Error(`the compiled build for the CLI tests failed:\n${tsc.stdout}${tsc.stderr}`);
  writeFileSync(join(partial, 'complete'), `${new Date().toISOString()}\n`);
  try {
    renameSync(partial, build);
  } catch {
    // Another run finished the same build first: use theirs.
    rmSync(partial, { recursive: true, force: true });
  }
  prune(hash);
  return bin;
}

/** Builds of other sources older than a day go (a day, so that a concurrent run keeps its own). */
function prune(keep: string) {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(cache)) {
    if (name === keep) continue;
    const path = join(cache, name);
    if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    zerenBin: string;
  }
}

export default function setup(project: TestProject) {
  project.provide('zerenBin', process.env.ZEREN_TEST_SOURCES ? join(root, 'bin/zeren-dev.js') : compiledZeren());
}
