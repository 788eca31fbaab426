#!/usr/bin/env node
// Runs every benchmark in bench/ (or those named on the command line), one process each.
// `national*` (minutes and gigabytes, PostgreSQL only) runs only when named: `npm run bench:national`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../bench/', import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(folder)
  .filter((file) => file.endsWith('.ts'))
  .filter((file) => (wanted.length === 0 ? !file.startsWith('national') : wanted.some((name) => file.startsWith(name))))
  .sort();
let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${folder}${script}`], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
