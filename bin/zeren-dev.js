#!/usr/bin/env node
// `zeren` on the TypeScript sources through tsx, with no build: for development and tests
// (`npm run dev -- COMMAND …`). What users run is bin/zeren.js, the compiled code.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli.ts');
process.exitCode = await run(process.argv.slice(2));
