import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

/** The repository's root, where `bin/zeren.js` and the examples are. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
// The compiled code, built once per run by the global set-up (test/support/compiled-cli.ts).
const bin = inject('zerenBin');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedZeren {
  child: ChildProcess;
  /** What it has written so far (and its exit code once it has ended). */
  output: () => CliResult;
  done: Promise<CliResult>;
}

// Every process spawned by this file and not yet ended; killed after each test, passed or failed.
const running = new Set<SpawnedZeren>();

// A directory of its own for the processes to run in: the config reads `.env` from the working
// directory, and the developer's `.env` in the repository (a real token, a PORT) must never leak in.
let sandbox: string | undefined;
/** The empty directory the spawned processes run in. */
export const cliWorkingDirectory = (): string => (sandbox ??= mkdtempSync(join(tmpdir(), 'zeren-cwd-')));

/**
 * The environment a spawned `zeren` sees: PATH, English, no pacing between messages into one channel
 * (so that a tick's messages are not a second apart), and `env`; nothing else of the test runner's.
 */
export function cliEnvironment(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ZEREN_LOCALE: 'en', ZEREN_CHANNEL_PACING_MS: '0', ...env };
}

export interface ZerenOptions {
  /** Another working directory (one with a `.env`, to test that it is read). */
  cwd?: string;
  /** Another entry point than the compiled build's (the global set-up's). */
  bin?: string;
}

/**
 * `zeren ARGS` as a separate process, as an admin runs it, with only {@link cliEnvironment} set, in
 * an empty working directory (so no `.env`). It is killed after the test if it is still running.
 */
export function spawnZeren(args: string[], env: Record<string, string>, options: ZerenOptions = {}): SpawnedZeren {
  const child = spawn(process.execPath, [options.bin ?? bin, ...args], { cwd: options.cwd ?? cliWorkingDirectory(), env: cliEnvironment(env) });
  const result: CliResult = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (result.stdout += chunk));
  child.stderr?.on('data', (chunk) => (result.stderr += chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      result.code = code;
      running.delete(spawned);
      resolve(result);
    }),
  );
  const spawned: SpawnedZeren = { child, output: () => result, done };
  running.add(spawned);
  return spawned;
}

/** `zeren ARGS` run to its end. */
export const zeren = (args: string[], env: Record<string, string>, options?: ZerenOptions): Promise<CliResult> => spawnZeren(args, env, options).done;

/**
 * A data directory of its own for the file's `zeren` processes (the embedded database), made before
 * the file's tests and removed after them; `env` points `DATA_DIR` at it.
 */
export function useDataDir(prefix = 'zeren-data-'): { readonly dataDir: string; readonly env: Record<string, string> } {
  let dataDir: string | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    // The processes first: PGlite may still be writing there.
    await killSpawned();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const get = () => {
    if (!dataDir) throw new Error('useDataDir: the directory exists inside tests and hooks only');
    return dataDir;
  };
  return {
    get dataDir() {
      return get();
    },
    get env() {
      return { DATA_DIR: get() };
    },
  };
}

/** The processes spawned by this test file that are still running. */
export const stillRunning = (): number => running.size;

/** Kills every process still running (SIGKILL) and waits until each has ended. */
export async function killSpawned(): Promise<void> {
  const left = [...running];
  for (const spawned of left) spawned.child.kill('SIGKILL');
  await Promise.all(left.map((spawned) => spawned.done));
}

afterEach(killSpawned);
afterAll(async () => {
  await killSpawned();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
  sandbox = undefined;
});
// Should the test runner itself be stopped, take the children along.
process.once('exit', () => {
  for (const spawned of running) spawned.child.kill('SIGKILL');
});
