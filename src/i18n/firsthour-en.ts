/** The English messages of a new office's first hour: settings, options, start-up and lock failures; spread into en.ts. */
export const firsthourEn = {
  // A wrong setting: the variable, then what it should be.
  'config.invalid': (p: { variable: string; expected: string }) => `${p.variable}: expected ${p.expected}`,
  'config.expected.DATABASE_URL': () => 'a PostgreSQL connection string (postgres://user:password@host:5432/db), or unset for the embedded database',
  'config.expected.DATABASE_OWNER_URL': () =>
    'a PostgreSQL connection string of the role that owns the schema and runs the migrations (the bot then runs as the DATABASE_URL role), or unset',
  'config.expected.DATA_DIR': () => 'a directory for the embedded database',
  'config.expected.ZEREN_LEDGER_KEY': () =>
    'a secret of at least 32 printable ASCII characters without spaces (such as the output of openssl rand -hex 32) that keys the ledger; unset: a key file made in DATA_DIR',
  'config.expected.SLACK_BOT_TOKEN': () => 'a bot token starting with "xoxb-"',
  'config.expected.SLACK_SIGNING_SECRET': () => "the app's signing secret (Basic Information → App Credentials)",
  'config.expected.SLACK_APP_TOKEN': () => 'an app-level token starting with "xapp-", or unset for HTTP mode',
  'config.expected.SLACK_API_URL': () => 'an http(s) URL of the Slack Web API, such as https://slack.com/api/',
  'config.expected.PORT': () => 'a TCP port number (0-65535)',
  'config.expected.HOST': () => 'an address to listen on, such as 0.0.0.0 or 127.0.0.1',
  'config.expected.ZEREN_TIMEZONE': () => 'an IANA time zone such as Asia/Shanghai',
  'config.expected.ZEREN_LOCALE': () => '"zh-CN" or "en"',
  'config.expected.ZEREN_SCHEDULER': () => '"on" or "off"',
  'config.expected.ZEREN_PUBLIC_PAGES': () => '"on" or "off"',
  'config.expected.ZEREN_ADMINS': () => 'comma-separated Slack user ids such as U012ABCDEF,U034GHIJKL',
  'config.expected.ZEREN_CIRCULAR_DAYS_AHEAD': () =>
    'a whole number of working days from 1 to 30: how long before a holiday window supervisors are reminded to prepare a circular',
  'config.expected.ZEREN_DEPUTY_MAX_DAYS': () => 'a whole number of days from 1 to 3660: the longest deputy period',
  'config.expected.ZEREN_WORKING_HOURS': () => 'a range of local working hours such as 09:00-18:00',
  'config.expected.ZEREN_DIGEST_AT': () => 'a weekday and local time for the weekly digests, such as FRI 16:00',
  'config.expected.ZEREN_EXPORT_TOKEN': () =>
    'a secret of at least 24 printable ASCII characters without spaces (such as the output of openssl rand -hex 32), or unset to turn the web download off',
  'config.expected.ZEREN_METRICS_TOKEN': () =>
    'a secret of at least 24 printable ASCII characters without spaces (such as the output of openssl rand -hex 32), or unset to leave GET /metrics open',
  'config.expected.ZEREN_DB_POOL_SIZE': () => 'a whole number from 1 to 200: how many connections to PostgreSQL one process keeps at most (default 10)',
  'config.expected.ZEREN_CHANNEL_PACING_MS': () => 'a whole number of milliseconds from 0 to 60000: the shortest gap between two messages into one channel or direct message (default 1000)',
  'config.expected.ZEREN_OUTBOX_RETENTION_DAYS': () =>
    'a whole number of days from 1 to 3650: how long a sent outbox message is kept before it is pruned (default 90; prompts, reminders, escalations, digests and approval requests at least 400)',
  'config.expected.ZEREN_WEB_RATE_LIMIT': () => 'a whole number of requests per minute that one client address may make to /public and /exports (default 120)',
  'config.expected.ZEREN_TRUST_PROXY': () =>
    'comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed, such as 127.0.0.1,10.0.0.0/8, or unset for none',
  'config.expected.LOG_LEVEL': () => 'one of fatal, error, warn, info, debug, trace, silent',
  'config.botTokenMissing': () =>
    'SLACK_BOT_TOKEN: not set. Create the Slack app from manifests/slack-app.yaml, install it, and put its bot token (xoxb-…) in .env — see README "Creating the Slack app"',
  'config.signingSecretMissing': () =>
    'SLACK_SIGNING_SECRET: required in HTTP mode (copy it from Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode',

  // The command line's options, in our words rather than Node's.
  'cli.unknownOption': (p: { command: string; option: string }) => `${p.command}: there is no option ${p.option}`,
  'cli.optionNeedsValue': (p: { command: string; option: string }) => `${p.command}: the option ${p.option} needs a value`,
  'cli.optionTakesNoValue': (p: { command: string; option: string }) => `${p.command}: the option ${p.option} takes no value`,
  'cli.unexpectedArgument': (p: { command: string; argument: string }) => `${p.command}: unexpected argument "${p.argument}"`,
  'cli.importNeedsFile': () => 'import needs at least one FILE',
  'cli.exportNeedsWhat': () => 'export needs "items", "ledger", "findings", "supervision", "reports", "cases", "statistics" or "anchors"',
  'cli.badAt': (p: { value: string }) => `--at must be an ISO-8601 instant such as 2026-11-30T09:30:00+08:00, not "${p.value}"`,
  'cli.badWait': () => '--wait must be a number of seconds',
  'cli.unexpected': (p: { message: string }) => `unexpected error: ${p.message}`,

  // Start-up and Slack.
  'start.portInUse': (p: { port: number; host: string }) =>
    `PORT ${p.port} is already in use on ${p.host} (another Zeren or another program); stop it, or set PORT to a free port`,
  'start.portNotPermitted': (p: { port: number; host: string }) =>
    `PORT ${p.port} on ${p.host} may not be opened by this user; set PORT to a port above 1023`,
  'start.hostUnavailable': (p: { host: string }) => `HOST ${p.host} is not an address of this machine; set HOST to 0.0.0.0, 127.0.0.1 or one of its addresses`,
  'start.appTokenRefused': (p: { reason: string }) =>
    `Slack rejected SLACK_APP_TOKEN (${p.reason}): copy a current app-level token (xapp-…, scope connections:write) from Basic Information → App-Level Tokens, or unset it for HTTP mode`,
  'slack.botTokenRefused': (p: { reason: string }) =>
    `Slack rejected SLACK_BOT_TOKEN (${p.reason}): copy the current Bot User OAuth Token from the app's OAuth & Permissions page`,
  'slack.notBotToken': () => 'SLACK_BOT_TOKEN is not a bot token: use the "Bot User OAuth Token" (xoxb-…) from OAuth & Permissions',
  'tick.slackUnreachable': (p: { url: string; seconds: number }) =>
    `Slack (SLACK_API_URL ${p.url}) could not be reached within ${p.seconds} s; nothing was decided or written; the next tick catches up`,

  // The embedded database's lock.
  'db.inUse': (p: { dir: string; pid: number }) =>
    `the embedded database in ${p.dir} (DATA_DIR) is in use by another process (pid ${p.pid}); stop it first, or set DATABASE_URL to share a PostgreSQL server`,
  'db.openHere': (p: { dir: string }) => `the embedded database in ${p.dir} (DATA_DIR) is already open in this process`,
  'db.cannotLock': (p: { dir: string }) => `could not lock the embedded database in ${p.dir} (DATA_DIR)`,
};
