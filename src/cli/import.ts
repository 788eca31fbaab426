import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { parseOptions, usage } from '../app/cli-failures.js';
import { createLogger } from '../app/logger.js';
import { createRoot } from '../app/root.js';
import { CodedError, ErrorCode } from '../errors.js';
import { render, t, type Locale } from '../i18n/index.js';
import { positionIn } from '../i18n/positions.js';
import { importFiles, type Change } from '../services/importer.js';
import { slackDirectory } from '../slack/directory.js';
import { err, out, withDatabase } from './io.js';

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

/** `zeren import FILE… [--dry-run]`: validates the files and writes them, or says what is wrong. */
export async function runImport(config: Config, locale: Locale, args: string[]): Promise<number> {
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
