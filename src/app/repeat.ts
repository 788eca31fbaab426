import type { Logger } from './logger.js';

/**
 * Runs a job now and then every `intervalMs`, never two runs at once: a run that outlasts the
 * interval (a slow Slack, rate limits) delays the next. A failed run is logged; the next retries.
 *
 * @returns a function that stops the repetition and waits for a run in progress.
 */
export function repeat(name: string, intervalMs: number, job: () => Promise<unknown>, logger: Logger): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = job()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error, job: name }, `${name} failed; it runs again in ${intervalMs / 1000} s`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  run();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
