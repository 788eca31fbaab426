import { configFromProcess, localeFromProcess, type Config } from './config.js';
import { exitCodeOf, explainFailure, parseOptions } from './app/cli-failures.js';
import { boundHeapGrowth } from './app/heap.js';
import { errors, failure, isCodedError } from './errors.js';
import { t, type Locale } from './i18n/index.js';
import { err, out } from './cli/io.js';

// Each command's code is loaded when it runs, so that `zeren --help` (and a mistyped command)
// answers without loading Bolt, the database drivers and the rest.

export async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  boundHeapGrowth();
  // A reader that stops early (`zeren export … | head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // The user's language even when a setting is wrong (the message saying so is in it too).
  let locale: Locale = localeFromProcess();
  let debug = false;
  let config: Config | undefined;
  try {
    config = configFromProcess();
    debug = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
    locale = config.ZEREN_LOCALE;
    if (!command || command === '--help' || command === '-h' || command === 'help' || args.includes('--help') || args.includes('-h')) {
      out(t(locale, 'cli.usage'));
      return command ? 0 : 1;
    }
    switch (command) {
      case 'start': {
        parseOptions(locale, command, args, {});
        const [{ startBot }, { createLogger }] = await Promise.all([import('./main.js'), import('./app/logger.js')]);
        return await startBot(config, createLogger(config.LOG_LEVEL));
      }
      case 'migrate': {
        parseOptions(locale, command, args, {});
        return await (await import('./cli/trust.js')).runMigrate(config, locale, { out, err });
      }
      case 'import':
        return await (await import('./cli/import.js')).runImport(config, locale, args);
      case 'export':
        return await (await import('./cli/export.js')).runExport(config, locale, args);
      case 'review':
        return await (await import('./cli/export.js')).runReview(config, locale, args);
      case 'verify':
        return await (await import('./cli/trust.js')).runVerify(config, locale, args, { out, err });
      case 'tick':
        return await (await import('./cli/tick.js')).runTick(config, locale, args);
      case 'backup':
        return await (await import('./cli/backup.js')).runBackup(config, locale, args);
      case 'restore':
        return await (await import('./cli/backup.js')).runRestore(config, locale, args);
      default:
        throw failure(errors.unknownCommand, locale, { command });
    }
  } catch (error) {
    if (isCodedError(error)) {
      err(`zeren: ${error.messageIn(locale)}`);
      return exitCodeOf(error);
    }
    const explained = explainFailure(error, locale, config);
    if (explained) {
      err(`zeren: ${explained}`);
      return 1;
    }
    err(`zeren: ${t(locale, 'cli.unexpected', { message: (error as Error).message })}`);
    if (debug) err(String((error as Error).stack));
    return 1;
  }
}
