import cron from 'node-cron';
import type { Logger } from '../app/logger.js';

/**
 * Runs `tick` every minute in the organisation's time zone (node-cron), one run at a time: a
 * tick that outlasts its minute makes the next wait rather than overlap. The tick itself catches
 * up on whatever fell due meanwhile.
 *
 * @returns a function that stops the schedule and waits for a tick in progress.
 */
export function scheduleTicks(tick: () => Promise<unknown>, options: { timeZone: string; logger: Logger }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    '* * * * *',
    () => {
      running = tick().catch((error: unknown) => options.logger.error({ err: error }, 'tick failed; the next minute catches up'));
      return running;
    },
    { timezone: options.timeZone, name: 'zeren-tick', noOverlap: true },
  );
  return async () => {
    await task.stop();
    await running;
  };
}
