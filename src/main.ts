import type { Config } from './config.js';
import { createBot } from './app/bot.js';
import type { Logger } from './app/logger.js';
import { t } from './i18n/index.js';

/**
 * `zeren start`: migrate, serve HTTP, connect to Slack, and run until SIGTERM or SIGINT, when
 * requests in flight are finished and the database is closed.
 *
 * @returns the exit code, once stopped.
 */
export async function startBot(config: Config, logger: Logger): Promise<number> {
  const bot = await createBot({ config, logger });
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      bot.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  try {
    const url = await bot.server.listen({ port: config.PORT, host: config.HOST });
    await bot.connect();
    process.stderr.write(`${t(config.ZEREN_LOCALE, 'cli.listening', { url })}\n`);
  } catch (error) {
    if ((error as Error).name === 'AbortError') return stopped;
    await bot.close();
    throw error;
  }
  return stopped;
}
