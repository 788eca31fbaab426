import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { openAppDatabase } from '../app/database.js';
import { parseOptions } from '../app/cli-failures.js';
import { CodedError, ErrorCode, errors, failure } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { parseAnchors, verifyLedger, type ChainBreakReason } from '../services/ledger-verify.js';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `zeren migrate`: the migrations (as DATABASE_OWNER_URL when set, with the grants), and the key's seal. */
export async function runMigrate(config: Config, locale: Locale, io: Io): Promise<number> {
  let names: string[] = [];
  const db = await openAppDatabase(config, { warn: io.err, info: io.err, migrated: (applied) => (names = applied) });
  await db.close();
  io.out(t(locale, 'cli.migrated', { names: names.join(', ') }));
  return 0;
}

const reasons: Record<ChainBreakReason, (locale: Locale) => string> = {
  hash: (locale) => t(locale, 'verify.reasonHash'),
  link: (locale) => t(locale, 'verify.reasonLink'),
  head: (locale) => t(locale, 'verify.reasonHead'),
  keying: (locale) => t(locale, 'verify.reasonKeying'),
  anchor_rewritten: (locale) => t(locale, 'verify.reasonAnchorRewritten'),
  anchor_removed: (locale) => t(locale, 'verify.reasonAnchorRemoved'),
};

/** `zeren verify [--anchors FILE]`: non-zero exit naming the first entry that does not match. */
export async function runVerify(config: Config, locale: Locale, args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(locale, 'verify', args, { anchors: { type: 'string' } });
  let anchors;
  if (values.anchors !== undefined) {
    const file = values.anchors;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? t(locale, 'cli.noSuchFile') : code === 'EISDIR' ? t(locale, 'cli.isDirectory') : code === 'EACCES' ? t(locale, 'cli.notPermitted') : (error as Error).message;
      throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'trust.anchorsUnreadable', { file, reason }));
    }
    const parsed = parseAnchors(text);
    if (!Array.isArray(parsed)) throw new CodedError(ErrorCode.UsageInvalid, t(locale, 'trust.anchorsUnreadable', { file, reason: parsed.error }));
    anchors = parsed;
  }
  const db = await openAppDatabase(config, { warn: io.err });
  try {
    const result = await verifyLedger(db.kysely, anchors ? { anchors } : {});
    if (result.ok) {
      io.out(anchors ? t(locale, 'verify.okAnchors', { entries: result.entries, units: result.units, anchors: result.anchors ?? 0 }) : t(locale, 'verify.ok', { entries: result.entries, units: result.units }));
      return 0;
    }
    throw failure(errors.ledgerBroken, locale, { id: result.broken.id, unit: result.broken.unit, reason: reasons[result.broken.reason](locale) });
  } finally {
    await db.close();
  }
}
