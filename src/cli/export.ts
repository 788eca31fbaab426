import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Config } from '../config.js';
import { parseOptions, usage } from '../app/cli-failures.js';
import { CodedError, ErrorCode, errors, failure } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { subtreeOf } from '../services/exports.js';
import { exportKinds, isExportKind } from '../services/export-kinds.js';
import { isExportFormat } from '../services/export-format.js';
import { reviewDocument, reviewWorkbook } from '../services/review-document.js';
import { SheetTooLargeError } from '../services/xlsx.js';
import { err, withDatabase } from './io.js';

/** `zeren export WHAT [--unit U] [--year Y] [--format csv|xlsx] [--out FILE]`. */
export async function runExport(config: Config, locale: Locale, args: string[]): Promise<number> {
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
export async function runReview(config: Config, locale: Locale, args: string[]): Promise<number> {
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
