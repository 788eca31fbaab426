#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli.ts');
process.exitCode = await run(process.argv.slice(2));
