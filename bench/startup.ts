// Start-up: `zeren --help` as a user first runs it, in a process of its own, BENCH_RUNS times
// (default 5) each for
//   (a) the compiled build (bin/zeren.js → dist/; `npm run build` first, or the figure says it is stale),
//   (b) the TypeScript sources through tsx (bin/zeren-dev.js, what development runs), the reference,
//   (c) a bare `node -e ''`, the floor;
// the median wall time and the median peak RSS (the kernel's high-water mark) of each, and the
// compiled build's ratio to the tsx run. Targets: ≤ 1.5 s and ≤ 130 MB for (a). No database.
import { tmpdir } from 'node:os';
import { mb, runMeasured, verdict, zerenCommand } from './support/bench-kit.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(args: string[]): Promise<{ seconds: number; rss: number; code: number | null }> {
  const seconds: number[] = [];
  const rss: number[] = [];
  let code: number | null = 0;
  for (let run = 0; run < RUNS; run++) {
    // What a first run has: no settings but the path (the help needs none), the user's language.
    const result = await runMeasured(args, { PATH: process.env.PATH, HOME: tmpdir(), ZEREN_LOCALE: 'zh-CN' });
    seconds.push(result.seconds);
    rss.push(result.peakRss);
    code = code || result.code;
  }
  return { seconds: median(seconds), rss: median(rss), code };
}

async function main(): Promise<void> {
  const compiled = zerenCommand('--help');
  const sources = zerenCommand('--help', 'tsx');
  const built = await measure(compiled.args);
  const dev = await measure(sources.args);
  const bare = await measure(['-e', '']);
  const line = (name: string, figure: { seconds: number; rss: number; code: number | null }) =>
    `${name}: ${figure.seconds.toFixed(2)} s, peak RSS ${figure.rss ? mb(figure.rss) : 'n/a (gone before the first sample)'}${figure.code ? ` (exit ${figure.code})` : ''}`;
  console.log(`zeren --help, median of ${RUNS} runs each`);
  console.log(
    `(a) ${line(`compiled (${compiled.name}${compiled.note ? `, ${compiled.note}` : ''})`, built)} ` +
      `(targets ≤ 1.5 s: ${verdict(built.seconds <= 1.5)}, ≤ 130 MB: ${verdict(built.rss <= 130 * 2 ** 20)})`,
  );
  console.log(`(b) ${line('tsx', dev)}; the compiled build takes ${(built.seconds / dev.seconds).toFixed(2)}× its time and ${(built.rss / dev.rss).toFixed(2)}× its memory`);
  console.log(`(c) ${line('bare node', bare)}`);
  if (built.code || dev.code) process.exitCode = 1;
}

await main();
