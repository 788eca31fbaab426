import { explicitLogLevel, requireSlackToken, type Config } from '../config.js';
import { parseOptions, usage } from '../app/cli-failures.js';
import { createLogger } from '../app/logger.js';
import { createRoot } from '../app/root.js';
import { tickOnce } from '../app/tick-once.js';
import type { Db } from '../db/database.js';
import { isoWithOffset } from '../domain/time.js';
import { errors, failure } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { previewLine } from '../slack/outbox-preview.js';
import { out, withDatabase } from './io.js';

/** `zeren tick [--at T] [--wait S] [--dry-run]`: what the schedules run at T, as a cron would. */
export async function runTick(config: Config, locale: Locale, args: string[]): Promise<number> {
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
