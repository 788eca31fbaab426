import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { CodedError, ErrorCode } from './errors.js';
import { t, type Locale, type MessageKey } from './i18n/index.js';

/** A setting that is wrong or missing; its message (English) or {@link ConfigError.messageIn} is the one line the user sees. */
export class ConfigError extends CodedError {
  constructor(
    readonly variable: string,
    messageIn: (locale: Locale) => string,
  ) {
    super(ErrorCode.ConfigInvalid, messageIn);
  }
}

const expectedKey = (name: string) => `config.expected.${name}` as MessageKey;

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

/** Each variable's schema; the one-line explanation a user gets when it is wrong is the catalogue's `config.expected.NAME`. */
const variables = {
  DATABASE_URL: [
    optional(z.string().regex(/^postgres(ql)?:\/\//)),
  ],
  DATABASE_OWNER_URL: [optional(z.string().regex(/^postgres(ql)?:\/\//))],
  DATA_DIR: [withDefault(z.string().min(1), './data')],
  ZEREN_LEDGER_KEY: [optional(z.string().regex(/^[\x21-\x7e]{32,}$/))],
  SLACK_BOT_TOKEN: [optional(z.string().regex(/^xoxb-/))],
  SLACK_SIGNING_SECRET: [optional(z.string().regex(/^[A-Za-z0-9]{16,}$/))],
  SLACK_APP_TOKEN: [optional(z.string().regex(/^xapp-/))],
  SLACK_API_URL: [
    withDefault(
      z.url({ protocol: /^https?$/ }).transform((url) => (url.endsWith('/') ? url : `${url}/`)),
      'https://slack.com/api/',
    ),
  ],
  PORT: [withDefault(z.coerce.number().int().min(0).max(65535), 3000)],
  HOST: [withDefault(z.string().min(1), '0.0.0.0')],
  ZEREN_TIMEZONE: [withDefault(z.string().refine(isTimeZone), 'Asia/Shanghai')],
  ZEREN_LOCALE: [withDefault(z.enum(['zh-CN', 'en']), 'zh-CN')],
  ZEREN_SCHEDULER: [withDefault(z.enum(['on', 'off']), 'on')],
  ZEREN_PUBLIC_PAGES: [withDefault(z.enum(['on', 'off']), 'on')],
  // Where people reach the public pages (behind a proxy, maybe under a path): links in digests and sign-offs.
  ZEREN_PUBLIC_URL: [optional(z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')))],
  ZEREN_ADMINS: [
    withDefault(
      z
        .string()
        .transform((list) => list.split(',').map((id) => id.trim()).filter(Boolean))
        .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/))),
      '',
    ),
  ],
  ZEREN_CIRCULAR_DAYS_AHEAD: [withDefault(z.coerce.number().int().min(1).max(30), 5)],
  ZEREN_DEPUTY_MAX_DAYS: [withDefault(z.coerce.number().int().min(1).max(3660), 90)],
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
  ],
  ZEREN_EXPORT_TOKEN: [
    optional(z.string().regex(/^[\x21-\x7e]{24,}$/)),
  ],
  ZEREN_METRICS_TOKEN: [
    optional(z.string().regex(/^[\x21-\x7e]{24,}$/)),
  ],
  ZEREN_WEB_RATE_LIMIT: [
    withDefault(z.coerce.number().int().min(1).max(100_000), 120),
  ],
  // Connections to PostgreSQL per process: a report holds one for its short transaction.
  ZEREN_DB_POOL_SIZE: [
    withDefault(z.coerce.number().int().min(1).max(200), 10),
  ],
  ZEREN_CHANNEL_PACING_MS: [
    withDefault(z.coerce.number().int().min(0).max(60_000), 1000),
  ],
  ZEREN_OUTBOX_RETENTION_DAYS: [
    withDefault(z.coerce.number().int().min(1).max(3650), 90),
  ],
  ZEREN_TRUST_PROXY: [
    withDefault(
      z
        .string()
        .transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean))
        .pipe(z.array(z.string().refine(isAddressOrRange))),
      '',
    ),
  ],
  LOG_LEVEL: [
    withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  ],
} as const satisfies Record<string, readonly [z.ZodType]>;

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
  for (const [name, [schema]] of Object.entries(variables)) {
    const parsed = schema.safeParse(env[name]);
    if (!parsed.success) {
      throw new ConfigError(name, (locale) => t(locale, 'config.invalid', { variable: name, expected: (t as (l: Locale, k: MessageKey) => string)(locale, expectedKey(name)) }));
    }
    config[name] = parsed.data;
  }
  return config as Config;
}

/** The variables a `.env` file sets, or nothing when there is no such file. */
export function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** The environment of this process: `.env` when present, overridden by the environment. */
function processEnvironment(): Record<string, string | undefined> {
  // An empty variable in the environment counts as unset, so it does not hide a value in .env.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ''));
  return { ...readDotEnv('.env'), ...set };
}

/** The configuration of this process: `.env` when present, overridden by the environment. */
export function configFromProcess(): Config {
  return loadConfig(processEnvironment());
}

/** The user's language even when the rest of the configuration is wrong: ZEREN_LOCALE if it is one we speak, else the default. */
export function localeFromProcess(): Locale {
  try {
    const parsed = variables.ZEREN_LOCALE[0].safeParse(processEnvironment().ZEREN_LOCALE);
    return parsed.success ? parsed.data : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The bot token, for the commands that talk to Slack (checked there, so that the rest of the CLI works without it). */
export function requireSlackToken(config: Config): { botToken: string } {
  if (!config.SLACK_BOT_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN', (locale) => t(locale, 'config.botTokenMissing'));
  }
  return { botToken: config.SLACK_BOT_TOKEN };
}

/** Settings that only `zeren start` needs, checked there so that the CLI works without Slack. */
export function requireSlackSettings(config: Config): { botToken: string } {
  const { botToken } = requireSlackToken(config);
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET', (locale) => t(locale, 'config.signingSecretMissing'));
  }
  return { botToken };
}

/** LOG_LEVEL when it is set (in the environment or `.env`), for the commands whose own default is quieter. */
export function explicitLogLevel(): Config['LOG_LEVEL'] | undefined {
  const value = processEnvironment().LOG_LEVEL;
  if (value === undefined || value === '') return undefined;
  const parsed = variables.LOG_LEVEL[0].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
