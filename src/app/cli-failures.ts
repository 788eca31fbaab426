import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The option or argument a Node parseArgs error is about: the first quoted word, without `<value>`. */
const quoted = (message: string) => (/'([^']*)'/.exec(message)?.[1] ?? '').replace(/ <value>$/, '');

/**
 * A command's options, parsed strictly (an unknown option, a missing value, a value given to a flag
 * or an argument the command does not take is a usage error), with Node's error put in our words in
 * the user's language, naming the option.
 */
export function parseOptions<O extends Options, P extends boolean = false>(
  locale: Locale,
  command: string,
  args: string[],
  options: O,
  allowPositionals?: P,
) {
  try {
    return parseArgs({ args, options, allowPositionals: allowPositionals ?? false, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const what = quoted((error as Error).message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usage(locale, t(locale, 'cli.unknownOption', { command, option: what }));
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw usage(locale, t(locale, 'cli.unexpectedArgument', { command, argument: what }));
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const takesValue = options[what.replace(/^--?/, '')]?.type === 'string';
      throw usage(locale, t(locale, takesValue ? 'cli.optionNeedsValue' : 'cli.optionTakesNoValue', { command, option: what }));
    }
    throw error;
  }
}

/** A usage error: `reason; run zeren --help`. */
export const usage = (locale: Locale, reason: string): CodedError => new CodedError(ErrorCode.UsageInvalid, t(locale, 'cli.badOption', { reason }));

/** The exit code of an expected failure: 2 for a wrong command line, 1 for anything else. */
export const exitCodeOf = (error: CodedError): number => (error.code === ErrorCode.UsageInvalid ? 2 : 1);

/**
 * Node's errors that a user can fix, as one line in their language naming the
 * setting: a port in use or not permitted, a host that is not ours. Undefined for anything else.
 */
export function explainFailure(error: unknown, locale: Locale, config: Config | undefined): string | undefined {
  const failure = error as { code?: string; syscall?: string; port?: number; address?: string };
  if (failure.syscall === 'listen' || failure.syscall === 'bind') {
    const port = failure.port ?? config?.PORT ?? 0;
    const host = failure.address ?? config?.HOST ?? '';
    if (failure.code === 'EADDRINUSE') return t(locale, 'start.portInUse', { port, host });
    if (failure.code === 'EACCES') return t(locale, 'start.portNotPermitted', { port, host });
    if (failure.code === 'EADDRNOTAVAIL' || failure.code === 'ENOTFOUND') return t(locale, 'start.hostUnavailable', { host });
  }
  return undefined;
}
