import { setFlagsFromString } from 'node:v8';

/** How far V8 may let the heap grow past what survived its last full collection: 2×. */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Caps how far the heap grows between full collections, for this process. When a program
 * allocates fast, V8 lets the heap reach up to 4× what survived the last full collection before
 * it collects again. A tick or a digest run allocates fast, but nearly all of it is garbage (what
 * survives is ~50 MB at 50,000 items), so the default let a `zeren tick` at the weekly digest
 * instant reach 480 MB of RSS for a ~50 MB live set; at 2× it peaks at ~235 MB, in the same
 * time (bench/tick.ts (f), docs/operations.md). V8 reads the flag at every full collection, so
 * setting it once the process runs takes effect at the next one. A `--heap-growing-percent`
 * given to node itself wins.
 */
export function boundHeapGrowth(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
