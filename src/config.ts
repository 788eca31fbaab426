import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { CodedError, ErrorCode } from './errors.js';

/** A setting that is wrong or missing; its message is the one line the user sees. */
export class ConfigError extends CodedError {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(ErrorCode.ConfigInvalid, `${variable}: ${expected}`);
  }
}

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isAddressOrRange = (entry: string) => {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

// An empty value counts as unset: a copied .env.example has blank values.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((value) => (value === '' || value === undefined ? fallback : value), schema);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Each variable with the one-line explanation a user gets when it is wrong. */
const variables = {
  DATABASE_URL: [
    optional(z.string().regex(/^postgres(ql)?:\/\//)),
    'a PostgreSQL connection string (postgres://user:password@host:5432/db), or unset for the embedded database',
  ],
  DATABASE_OWNER_URL: [
    optional(z.string().regex(/^postgres(ql)?:\/\//)),
    'a PostgreSQL connection string of the role that owns the schema and runs the migrations (the bot then runs as the DATABASE_URL role), or unset',
  ],
  DATA_DIR: [withDefault(z.string().min(1), './data'), 'a directory for the embedded database'],
  ZEREN_LEDGER_KEY: [
    optional(z.string().regex(/^[\x21-\x7e]{32,}$/)),
    'a secret of at least 32 printable ASCII characters without spaces (such as the output of openssl rand -hex 32) that keys the ledger; unset: a key file made in DATA_DIR',
  ],
  SLACK_BOT_TOKEN: [optional(z.string().regex(/^xoxb-/)), 'a bot token starting with "xoxb-"'],
  SLACK_SIGNING_SECRET: [optional(z.string().regex(/^[A-Za-z0-9]{16,}$/)), "the app's signing secret (Basic Information → App Credentials)"],
  SLACK_APP_TOKEN: [optional(z.string().regex(/^xapp-/)), 'an app-level token starting with "xapp-", or unset for HTTP mode'],
  SLACK_API_URL: [
    withDefault(
      z.url({ protocol: /^https?$/ }).transform((url) => (url.endsWith('/') ? url : `${url}/`)),
      'https://slack.com/api/',
    ),
    'an http(s) URL of the Slack Web API, such as https://slack.com/api/',
  ],
  PORT: [withDefault(z.coerce.number().int().min(0).max(65535), 3000), 'a TCP port number (0-65535)'],
  HOST: [withDefault(z.string().min(1), '0.0.0.0'), 'an address to listen on, such as 0.0.0.0 or 127.0.0.1'],
  ZEREN_TIMEZONE: [withDefault(z.string().refine(isTimeZone), 'Asia/Shanghai'), 'an IANA time zone such as Asia/Shanghai'],
  ZEREN_LOCALE: [withDefault(z.enum(['zh-CN', 'en']), 'zh-CN'), '"zh-CN" or "en"'],
  ZEREN_SCHEDULER: [withDefault(z.enum(['on', 'off']), 'on'), '"on" or "off"'],
  ZEREN_ADMINS: [
    withDefault(
      z
        .string()
        .transform((list) => list.split(',').map((id) => id.trim()).filter(Boolean))
        .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/))),
      '',
    ),
    'comma-separated Slack user ids such as U012ABCDEF,U034GHIJKL',
  ],
  ZEREN_CIRCULAR_DAYS_AHEAD: [withDefault(z.coerce.number().int().min(1).max(30), 5), 'a whole number of working days from 1 to 30: how long before a holiday window supervisors are reminded to prepare a circular'],
  ZEREN_DEPUTY_MAX_DAYS: [withDefault(z.coerce.number().int().min(1).max(3660), 90), 'a whole number of days from 1 to 3660: the longest deputy period'],
  ZEREN_WORKING_HOURS: [
    withDefault(
      z
        .string()
        .regex(/^\d\d:\d\d-\d\d:\d\d$/)
        .transform((range) => range.split('-') as [string, string])
        .pipe(z.tuple([clock, clock]))
        .refine(([start, end]) => start < end),
      '09:00-18:00',
    ),
    'a range of local working hours such as 09:00-18:00',
  ],
  ZEREN_DIGEST_AT: [
    withDefault(
      z
        .string()
        .regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):[0-5]\d$/i)
        .transform((text) => {
          const [day, time] = text.toUpperCase().split(' ') as [string, string];
          return { weekday: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].indexOf(day) + 1, time };
        }),
      'FRI 16:00',
    ),
    'a weekday and local time for the weekly digests, such as FRI 16:00',
  ],
  ZEREN_EXPORT_TOKEN: [
    optional(z.string().regex(/^[\x21-\x7e]{24,}$/)),
    'a secret of at least 24 printable ASCII characters without spaces (such as the output of openssl rand -hex 32), or unset to turn the web download off',
  ],
  ZEREN_METRICS_TOKEN: [
    optional(z.string().regex(/^[\x21-\x7e]{24,}$/)),
    'a secret of at least 24 printable ASCII characters without spaces (such as the output of openssl rand -hex 32), or unset to leave GET /metrics open',
  ],
  ZEREN_WEB_RATE_LIMIT: [
    withDefault(z.coerce.number().int().min(1).max(100_000), 120),
    'a whole number of requests per minute that one client address may make to /public and /exports (default 120)',
  ],
  ZEREN_TRUST_PROXY: [
    withDefault(
      z
        .string()
        .transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean))
        .pipe(z.array(z.string().refine(isAddressOrRange))),
      '',
    ),
    'comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed, such as 127.0.0.1,10.0.0.0/8, or unset for none',
  ],
  LOG_LEVEL: [
    withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    'one of fatal, error, warn, info, debug, trace, silent',
  ],
} as const satisfies Record<string, readonly [z.ZodType, string]>;

type Variables = typeof variables;
export type Config = { [K in keyof Variables]: z.output<Variables[K][0]> };
export type ConfigName = keyof Config;

/**
 * Reads the configuration from an environment (process.env merged over `.env`).
 * Throws {@link ConfigError} naming the first wrong variable.
 *
 * @example
 * const config = loadConfig({ ...readDotEnv('.env'), ...process.env });
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const config: Record<string, unknown> = {};
  for (const [name, [schema, expected]] of Object.entries(variables)) {
    const parsed = schema.safeParse(env[name]);
    if (!parsed.success) throw new ConfigError(name, `expected ${expected}`);
    config[name] = parsed.data;
  }
  return config as Config;
}

/** The variables a `.env` file sets, or nothing when there is no such file. */
export function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** The configuration of this process: `.env` when present, overridden by the environment. */
export function configFromProcess(): Config {
  // An empty variable in the environment counts as unset, so it does not hide a value in .env.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ''));
  return loadConfig({ ...readDotEnv('.env'), ...set });
}

/** The bot token, for the commands that talk to Slack (checked there, so that the rest of the CLI works without it). */
export function requireSlackToken(config: Config): { botToken: string } {
  if (!config.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN',
      'not set. Create the Slack app from manifests/slack-app.yaml, install it, and put its bot token (xoxb-…) in .env — see README "Creating the Slack app"',
    );
  }
  return { botToken: config.SLACK_BOT_TOKEN };
}

/** Settings that only `zeren start` needs, checked there so that the CLI works without Slack. */
export function requireSlackSettings(config: Config): { botToken: string } {
  const { botToken } = requireSlackToken(config);
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'required in HTTP mode (copy it from Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  return { botToken };
}
