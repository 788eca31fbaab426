import { extname } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../domain/time.js';
import type { ImportProblem } from './import/document.js';
import { applyPlan } from './import/apply.js';
import { holdSignedChanges, requestSignatures } from './import/signed-lists.js';
import { planImport, type Plan } from './import/plan.js';
import { decodeText } from './import/decode-text.js';
import { readCsv } from './import/read-csv.js';
import { readXlsx } from './import/read-xlsx.js';
import { readYaml, type Source } from './import/read-yaml.js';
import { applyCases, crossCheckCases, planCases } from './import/cases.js';
import { applySupervision } from './import/apply-supervision.js';
import { adoptRoundCodes, applyRounds, crossCheckRounds, planRounds } from './import/report-rounds.js';
import { applyReviews, crossCheckReviews, planReviews } from './import/reviews.js';
import { adoptSupervisionCodes, crossCheckSupervision, planSupervision } from './import/supervision.js';
import { adoptStoredCodes, crossCheck, parseSources, resolvePeople } from './import/validate.js';
import type { Directory } from './import/validate.js';

export type { Directory } from './import/validate.js';
export type { Change, Plan } from './import/plan.js';

export interface ImportDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  /** Resolves owners and heads given by e-mail; without it, e-mail addresses are refused. */
  directory?: Directory | undefined;
}

export interface ImportFile {
  name: string;
  /** The file's bytes as read from disk (their encoding is detected), or text already decoded. */
  content: string | Uint8Array;
}

export type ImportOutcome = { ok: false; problems: ImportProblem[] } | { ok: true; plan: Plan; written: boolean };

class Refused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('import refused');
  }
}

const refused = (file: string, problem: ImportProblem): Source => ({ file, data: null, locate: () => '', problems: [problem] });

async function read(file: ImportFile): Promise<Source[]> {
  const extension = extname(file.name).toLowerCase();
  if (extension === '.xlsx') {
    if (typeof file.content === 'string') return [refused(file.name, { file: file.name, where: '', message: { key: 'import.badWorkbook' } })];
    return readXlsx(file.name, file.content);
  }
  const isCsv = extension === '.csv';
  if (!isCsv && extension !== '.yaml' && extension !== '.yml') {
    return [refused(file.name, { file: file.name, where: '', message: { key: 'import.badExtension' } })];
  }
  let text: string;
  if (typeof file.content === 'string') text = file.content;
  else {
    const decoded = decodeText(file.name, file.content, { allowGb18030: isCsv });
    if (decoded.problem) return [refused(file.name, decoded.problem)];
    text = decoded.text;
  }
  return [isCsv ? readCsv(file.name, text) : readYaml(file.name, text)];
}

/**
 * Imports units, policies, lists and items, inspections with their findings, listed-supervision
 * orders, report rounds and year-end verdicts from YAML, CSV or XLSX files: everything is validated
 * first and written in one transaction, or nothing is. Idempotent by code.
 *
 * @example
 * const outcome = await importFiles({ db, now: new Date(), timeZone: 'Asia/Shanghai' }, [{ name: 'org.yaml', content }]);
 * if (!outcome.ok) for (const p of outcome.problems) console.error(p.file, p.where, p.message);
 */
export async function importFiles(deps: ImportDeps, files: ImportFile[], options: { dryRun?: boolean } = {}): Promise<ImportOutcome> {
  const { bundle, problems } = parseSources((await Promise.all(files.map(read))).flat());
  if (problems.length) return { ok: false, problems };
  const people = await resolvePeople(bundle, deps.directory);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Two imports at once would plan against the same state and both write.
      await sql`select pg_advisory_xact_lock(hashtext('zeren:import'))`.execute(trx);
      const found = [...people.problems, ...(await crossCheck(trx, bundle)), ...(await crossCheckCases(trx, bundle)), ...(await crossCheckSupervision(trx, bundle)), ...(await crossCheckRounds(trx, bundle)), ...(await crossCheckReviews(trx, bundle))];
      if (found.length) throw new Refused(found);
      await adoptStoredCodes(trx, bundle);
      await adoptSupervisionCodes(trx, bundle);
      await adoptRoundCodes(trx, bundle);
      const today = localDate(deps.now, deps.timeZone);
      const plan = await holdSignedChanges(trx, await planImport(trx, bundle, today), bundle);
      await planCases(trx, bundle, plan);
      await planSupervision(trx, bundle, today, plan);
      await planRounds(trx, bundle, plan);
      await planReviews(trx, bundle, plan);
      if (options.dryRun || plan.changes.length + plan.requested.length === 0) return { ok: true as const, plan, written: false };
      await applyPlan(trx, plan, bundle, deps.now, people.emails);
      await applyCases(trx, plan, deps.now, { actor: 'system', source: 'import' });
      await applySupervision(trx, plan, bundle, deps.now, deps.timeZone);
      await applyRounds(trx, plan, deps.now, today);
      // Last: a verdict may be on an item this import creates.
      await applyReviews(trx, plan, bundle, deps.now, deps.timeZone);
      await requestSignatures(trx, plan, bundle, deps.now, deps.timeZone);
      return { ok: true as const, plan, written: true };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}
