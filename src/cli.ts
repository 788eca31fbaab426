import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { configFromProcess, explicitLogLevel, localeFromProcess, requireSlackToken, type Config } from './config.js';
import { exitCodeOf, explainFailure, parseOptions, usage } from './app/cli-failures.js';
import type { Db } from './db/database.js';
import { openAppDatabase } from './app/database.js';
import { runMigrate, runVerify } from './cli/trust.js';
import { CodedError, ErrorCode, errors, failure, isCodedError } from './errors.js';
import { render, t, type Locale } from './i18n/index.js';
import { positionIn } from './i18n/positions.js';
import { createLogger } from './app/logger.js';
import { startBot } from './main.js';
import { importFiles, type Change } from './services/importer.js';
import { subtreeOf } from './services/exports.js';
import { exportKinds, isExportKind } from './services/export-kinds.js';
import { isExportFormat } from './services/export-format.js';
import { reviewDocument, reviewWorkbook } from './services/review-document.js';
import { SheetTooLargeError } from './services/xlsx.js';
import { tickOnce } from './app/tick-once.js';
import { createRoot } from './app/root.js';
import { previewLine } from './slack/outbox-preview.js';
import { isoWithOffset } from './domain/time.js';
import { slackDirectory } from './slack/directory.js';
import { runBackup, runRestore } from './cli/backup.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openAppDatabase(config, { warn: err });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const entityName = { units: 'entity.unit', lists: 'entity.list', items: 'entity.item', policies: 'entity.policy', calendar: 'entity.day', cases: 'entity.case', inspections: 'entity.inspection', findings: 'entity.finding', supervision: 'entity.order', report_rounds: 'entity.round', reviews: 'entity.review' } as const;

const show = (value: unknown) => (value === null ? '∅' : typeof value === 'string' ? value : JSON.stringify(value));

function describeChange(locale: Locale, change: Change): string {
  const what = `${t(locale, entityName[change.entity])} ${change.ref.replace(/:$/, '')}`;
  if (change.action === 'created') {
    const title = change.fields.title?.to ?? change.fields.name?.to;
    return `+ ${what}${title ? ` ${show(title)}` : ''}`;
  }
  const fields = Object.entries(change.fields).map(([field, { from, to }]) => `${field}: ${show(from)} → ${show(to)}`);
  return `~ ${what}: ${fields.join('; ')}`;
}

async function runImport(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(locale, 'import', args, { 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length === 0) throw usage(locale, t(locale, 'cli.importNeedsFile'));
  const files = positionals.map((name) => {
    try {
      // Bytes: the importer detects the text's encoding (UTF-8 or GB18030) or reads the workbook.
      return { name, content: readFileSync(name) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? t(locale, 'cli.noSuchFile') : code === 'EISDIR' ? t(locale, 'cli.isDirectory') : code === 'EACCES' ? t(locale, 'cli.notPermitted') : (error as Error).message;
      throw new CodedError(ErrorCode.ImportInvalid, `${name}: ${reason}`);
    }
  });
  return withDatabase(config, async (db) => {
    const root = createRoot({ config, db, logger: createLogger(config.LOG_LEVEL), clock: () => new Date() });
    const directory = config.SLACK_BOT_TOKEN ? slackDirectory(root.client('directory')) : undefined;
    const outcome = await importFiles({ db: db.kysely, now: new Date(), timeZone: config.ZEREN_TIMEZONE, directory }, files, {
      dryRun: values['dry-run'] ?? false,
    });
    if (!outcome.ok) {
      for (const problem of outcome.problems) err(`${problem.file}${problem.where ? ` ${positionIn(locale, problem.where)}` : ''}${locale === 'en' ? ': ' : '：'}${render(locale, problem.message)}`);
      err(t(locale, 'import.failed', { count: outcome.problems.length }));
      return 1;
    }
    for (const change of outcome.plan.changes) out(describeChange(locale, change));
    for (const change of outcome.plan.requested) out(`? ${describeChange(locale, change).slice(2)} — ${t(locale, 'import.requested')}`);
    for (const move of outcome.plan.moves) out(t(locale, 'import.move', { unit: move.unit, from: move.from.name ? `#${move.from.name}` : move.from.id, to: move.to }));
    for (const entity of ['units', 'lists', 'items', 'policies', 'calendar', 'cases', 'inspections', 'findings', 'supervision', 'report_rounds', 'reviews'] as const) {
      const changes = outcome.plan.changes.filter((change) => change.entity === entity);
      const unchanged = outcome.plan.unchanged[entity];
      if (changes.length + unchanged === 0) continue;
      out(
        t(locale, 'import.summary', {
          entity: t(locale, `entity.${entity}`),
          created: changes.filter((change) => change.action === 'created').length,
          updated: changes.filter((change) => change.action === 'updated').length,
          unchanged,
        }),
      );
    }
    out(t(locale, values['dry-run'] ? 'import.dryRun' : outcome.written ? 'import.written' : 'import.nothing'));
    return 0;
  });
}

async function runExport(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    locale,
    'export',
    args,
    { unit: { type: 'string' }, year: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } },
    true,
  );
  const [what, ...extra] = positionals;
  if (!isExportKind(what) || extra.length) {
    throw usage(locale, t(locale, 'cli.exportNeedsWhat'));
  }
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'cli.badOption', { reason: t(locale, 'export.badYear', { year: values.year }) }));
  const year = values.year === undefined ? undefined : Number(values.year);
  const format = values.format;
  if (!isExportFormat(format)) throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'cli.badOption', { reason: t(locale, 'export.badFormat', { format: String(format) }) }));
  if (format === 'xlsx' && !values.out) throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'cli.badOption', { reason: t(locale, 'export.xlsxNeedsOut') }));
  return withDatabase(config, async (db) => {
    const units = values.unit ? await subtreeOf(db.kysely, values.unit) : undefined;
    if (units === null) throw failure(errors.exportUnknownUnit, locale, { code: values.unit as string });
    const deps = { db: db.kysely, now: new Date(), timeZone: config.ZEREN_TIMEZONE };
    const target = values.out ? createWriteStream(values.out) : process.stdout;
    let rows: number;
    try {
      const table = await exportKinds[what](deps, { units, unit: values.unit || undefined, year });
      rows = await table.write(format, target, { sheet: what });
    } catch (error) {
      if (error instanceof SheetTooLargeError) throw failure(errors.exportTooLarge, locale, { limit: error.limit });
      throw error;
    }
    if (values.out) {
      target.end();
      await finished(target);
      err(t(locale, 'export.written', { rows, file: values.out }));
    }
    return 0;
  });
}

/** `zeren review UNIT YEAR [--out FILE.xlsx]`: the year-end review document (逐项过堂). */
async function runReview(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(locale, 'review', args, { out: { type: 'string' } }, true);
  const [unit, yearText, ...extra] = positionals;
  if (!unit || !yearText || extra.length) throw usage(locale, t(locale, 'cli.reviewNeedsArgs'));
  if (!/^\d{4}$/.test(yearText)) throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'cli.badOption', { reason: t(locale, 'export.badYear', { year: yearText }) }));
  const year = Number(yearText);
  const file = values.out ?? `review-${unit}-${year}.xlsx`;
  return withDatabase(config, async (db) => {
    const document = await reviewDocument({ db: db.kysely, now: new Date(), timeZone: config.ZEREN_TIMEZONE }, unit, year);
    if (!document) throw failure(errors.exportUnknownUnit, locale, { code: unit });
    let workbook: Buffer;
    try {
      workbook = await reviewWorkbook(document);
    } catch (error) {
      if (error instanceof SheetTooLargeError) throw failure(errors.exportTooLarge, locale, { limit: error.limit });
      throw error;
    }
    writeFileSync(file, workbook);
    err(t(locale, 'review.written', { rows: document.rows.length, sheets: document.ledgers.length, file }));
    return 0;
  });
}

async function runTick(config: Config, locale: Locale, args: string[]): Promise<number> {
  const { values } = parseOptions(locale, 'tick', args, { at: { type: 'string' }, wait: { type: 'string', default: '60' }, 'dry-run': { type: 'boolean' } });
  const at = values.at ? new Date(values.at) : new Date();
  // An instant needs its offset: a bare local time would be read in the server's zone.
  if (Number.isNaN(at.getTime()) || (values.at && !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(values.at))) {
    throw usage(locale, t(locale, 'cli.badAt', { value: String(values.at) }));
  }
  const waitSeconds = Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) throw usage(locale, t(locale, 'cli.badWait'));
  if (values['dry-run']) return withDatabase(config, (db) => runTickDryRun(config, locale, db, at));
  requireSlackToken(config);
  return withDatabase(config, async (db) => {
    // The summary is tick's output: logs only for what goes wrong, unless LOG_LEVEL asks for more.
    const logger = createLogger(explicitLogLevel() ?? 'warn');
    const { tick, delivery, channels } = await tickOnce({ config, db, logger, at, waitMs: waitSeconds * 1000 });
    out(
      t(locale, 'cli.tickSummary', {
        at: isoWithOffset(at, config.ZEREN_TIMEZONE),
        channels: channels.created + channels.adopted,
        prompted: tick.decided.prompted ?? 0,
        reminded: tick.decided.reminded ?? 0,
        escalated: tick.decided.escalated ?? 0,
        enqueued: tick.enqueued,
        sent: delivery.sent,
        failed: delivery.failed,
        pending: delivery.pending,
      }),
    );
    if (delivery.pending > 0) throw failure(errors.tickPending, locale, { pending: delivery.pending, seconds: waitSeconds });
    return 0;
  });
}

const outboxKinds = {
  prompt: 'outboxKind.prompt',
  reminder: 'outboxKind.reminder',
  reminder_thread: 'outboxKind.reminder_thread',
  prompts: 'outboxKind.prompts',
  reminders: 'outboxKind.reminders',
  reminder_threads: 'outboxKind.reminder_threads',
  escalation: 'outboxKind.escalation',
  escalations: 'outboxKind.escalations',
  digest: 'outboxKind.digest',
  digest_chart: 'outboxKind.digest_chart',
} as const;

/** `tick --dry-run`: what the tick would queue, by kind and unit, each message's first line; nothing written, Slack not called. */
async function runTickDryRun(config: Config, locale: Locale, db: Db, at: Date): Promise<number> {
  const tick = await createRoot({ config, db, logger: createLogger(explicitLogLevel() ?? 'warn'), clock: () => at }).services.tick(at, { dryRun: true });
  const messages = tick.messages ?? [];
  const groups = new Map<string, typeof messages>();
  for (const message of messages) {
    const group = `${message.kind}\u0000${String(message.payload.unit ?? '')}`;
    groups.set(group, [...(groups.get(group) ?? []), message]);
  }
  out(t(locale, 'cli.dryRunHeader', { at: isoWithOffset(at, config.ZEREN_TIMEZONE), count: messages.length }));
  for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, unit] = group.split('\u0000') as [string, string];
    const kindName = kind in outboxKinds ? t(locale, outboxKinds[kind as keyof typeof outboxKinds]) : kind;
    out(t(locale, 'cli.dryRunGroup', { kind: kindName, unit, count: members.length }));
    for (const message of members) out(`  → ${message.lane}: ${previewLine(locale, message)}`);
  }
  out(
    t(locale, 'cli.dryRunSummary', {
      prompted: tick.decided.prompted ?? 0,
      reminded: tick.decided.reminded ?? 0,
      escalated: tick.decided.escalated ?? 0,
      digests: tick.decided.digests ?? 0,
      enqueued: tick.enqueued,
    }),
  );
  return 0;
}

/** Runs one command line; returns the exit code. Expected failures print one line on stderr. */
export async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
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
      case 'start':
        parseOptions(locale, command, args, {});
        return await startBot(config, createLogger(config.LOG_LEVEL));
      case 'migrate': {
        parseOptions(locale, command, args, {});
        return await runMigrate(config, locale, { out, err });
      }
      case 'import':
        return await runImport(config, locale, args);
      case 'export':
        return await runExport(config, locale, args);
      case 'review':
        return await runReview(config, locale, args);
      case 'verify':
        return await runVerify(config, locale, args, { out, err });
      case 'tick':
        return await runTick(config, locale, args);
      case 'backup':
        return await runBackup(config, locale, args);
      case 'restore':
        return await runRestore(config, locale, args);
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
