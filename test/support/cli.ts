import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, where `zeren` runs. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/zeren-dev.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `zeren ARGS` as a separate process, as an admin runs it, with only PATH and `env` set (English by default). */
export function spawnZeren(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => CliResult; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ZEREN_LOCALE: 'en', ...env } });
  const result: CliResult = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (result.stdout += chunk));
  child.stderr?.on('data', (chunk) => (result.stderr += chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      result.code = code;
      resolve(result);
    }),
  );
  return { child, output: () => result, done };
}

/** `zeren ARGS` run to its end. */
export const zeren = (args: string[], env: Record<string, string>): Promise<CliResult> => spawnZeren(args, env).done;
