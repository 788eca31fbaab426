#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds it through `prepare`).
// During development, bin/zeren-dev.js runs the TypeScript sources through tsx instead.
const entry = new URL('../dist/src/cli.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(entry.pathname)) throw error;
  process.stderr.write('zeren: the compiled code is missing (dist/): run `npm run build` (or `npm ci`) first\n');
  process.exit(1);
}
process.exitCode = await cli.run(process.argv.slice(2));
