import { sql, type Kysely, type Transaction } from 'kysely';
import { ownersOfItem } from '../db/item-fragments.js';
import type { Database } from '../db/schema.js';
import { controlCharacterIn } from '../domain/control-characters.js';
import { checkEvidenceLink } from '../domain/evidence-link.js';
import { mayReport } from '../domain/permissions.js';
import { mayResubmit, onTime, RATINGS, type Rating, type RoundKind } from '../domain/rounds.js';
import { SEVERITIES, type Severity } from '../domain/supervision.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue, type OutboxMessage } from '../outbox/outbox.js';
import { appendLedger } from './ledger.js';

export interface RoundDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** What a reporting unit's head and a reviewer see of one unit's report in a round. */
export interface RoundReport {
  round: string;
  kind: RoundKind;
  period: string;
  due: string;
  unit: string;
  unitName: string;
  /** The unit's item for the round (what the buttons carry). */
  item: string;
  head: string | null;
  reviewers: string[];
  submittedAt: Date | null;
  submittedBy: string | null;
  summary: string | null;
  link: string | null;
  submissions: number;
}

export const MAX_SUMMARY = 3000;
export const MAX_FEEDBACK = 2000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Db = Kysely<Database> | Transaction<Database>;

async function findReport(db: Db, item: string, actor: string, today: string) {
  return db
    .selectFrom('report_round_units as ru')
    .innerJoin('report_rounds as r', 'r.code', 'ru.round_code')
    .innerJoin('items', 'items.code', 'ru.item_code')
    .innerJoin('units', 'units.code', 'ru.unit_code')
    .select([
      'r.code as round',
      'r.kind',
      'r.period',
      'r.due',
      'r.by_unit',
      'r.reviewers',
      'ru.unit_code as unit',
      'units.name as unit_name',
      'units.head_user as head',
      'ru.item_code as item',
      'ru.submitted_at',
      'ru.submitted_by',
      'ru.summary',
      'ru.link',
      'ru.submissions',
      'items.title',
      ownersOfItem().as('owners'),
      sql<string[]>`coalesce((select array_agg(d.user_id) from deputies d where d.deputy_user = ${actor} and d.starts_on <= ${today} and d.ends_on >= ${today}), '{}')`.as('standing_in_for'),
    ])
    .where(sql<string>`lower(ru.item_code)`, '=', item.toLowerCase())
    .executeTakeFirst();
}

type Found = NonNullable<Awaited<ReturnType<typeof findReport>>>;
const asReport = (found: Found): RoundReport => ({
  round: found.round,
  kind: found.kind,
  period: found.period,
  due: found.due,
  unit: found.unit,
  unitName: found.unit_name,
  item: found.item,
  head: found.head,
  reviewers: found.reviewers,
  submittedAt: found.submitted_at,
  submittedBy: found.submitted_by,
  summary: found.summary,
  link: found.link,
  submissions: found.submissions,
});

export type Checked = { ok: true; report: RoundReport } | { ok: false; refusal: Message };

async function checkSubmitter(db: Db, deps: RoundDeps, actor: string, item: string): Promise<Checked> {
  const today = localDate(deps.now, deps.timeZone);
  const found = await findReport(db, item, actor, today);
  if (!found) return { ok: false, refusal: { key: 'rounds.unknown', params: { code: item } } };
  if (!mayReport(actor, { owners: found.owners, unitHead: found.head }, found.standing_in_for)) {
    return { ok: false, refusal: { key: 'rounds.notYours', params: { round: found.round, unit: found.unit } } };
  }
  if (found.submitted_at && !mayResubmit(today, found.due)) return { ok: false, refusal: { key: 'rounds.resubmitLate', params: { round: found.round, due: found.due } } };
  return { ok: true, report: asReport(found) };
}

/**
 * Whether a person may submit (or, before the deadline, resubmit) a unit's report in a round:
 * the unit's head, an owner of its item, or their deputy today.
 */
export const checkSubmit = (deps: RoundDeps, actor: string, item: string) => checkSubmitter(deps.db, deps, actor, item);

export interface SubmissionInput {
  actor: string;
  item: string;
  summary: string;
  link?: string | undefined;
  source: 'modal' | 'button' | 'slash_command';
}

export type SubmissionOutcome = { ok: true; report: RoundReport; onTime: boolean; replaced: boolean } | { ok: false; refusal: Message; field?: 'summary' | 'link' };

/**
 * Records a unit's report in a round: a `submitted` ledger entry, the round's current submission
 * (a resubmission before the deadline replaces it; both stay on the ledger), the unit's item
 * answered (no more prompts or reminders), and the submission sent to each reviewer with the Rate
 * button. Refuses, writing nothing, an empty or overlong summary, a control character, a link that
 * is not http(s), someone not entitled, and a resubmission after the deadline.
 */
export async function submitReport(deps: RoundDeps, input: SubmissionInput): Promise<SubmissionOutcome> {
  const summary = input.summary.trim();
  if (!summary) return { ok: false, refusal: { key: 'rounds.summaryNeeded' }, field: 'summary' };
  if (summary.length > MAX_SUMMARY) return { ok: false, refusal: { key: 'progress.noteTooLong', params: { max: MAX_SUMMARY, length: summary.length } }, field: 'summary' };
  const control = controlCharacterIn(summary, { lines: true });
  if (control) return { ok: false, refusal: { key: 'progress.noteControl', params: { code: control } }, field: 'summary' };
  const typed = input.link?.trim();
  const link = typed ? checkEvidenceLink(typed) : undefined;
  if (link && !link.ok) return { ok: false, refusal: link.problem, field: 'link' };
  const url = link?.ok ? link.url : null;

  return deps.db.transaction().execute(async (trx) => {
    const checked = await checkSubmitter(trx, deps, input.actor, input.item);
    if (!checked.ok) return checked;
    const { report } = checked;
    const today = localDate(deps.now, deps.timeZone);
    const timely = onTime(today, report.due);
    const replaced = report.submittedAt !== null;
    await trx
      .updateTable('report_round_units')
      .set({ submitted_at: deps.now, submitted_by: input.actor, first_submitted_at: sql`coalesce(first_submitted_at, ${deps.now})`, summary, link: url, submissions: sql`submissions + 1` })
      .where('round_code', '=', report.round)
      .where('unit_code', '=', report.unit)
      .execute();
    // The item is answered: approved items are neither prompted nor reminded (SPEC §2.4).
    await trx
      .updateTable('item_state')
      .set({ percent: 100, status: 'done', note: summary, evidence_url: url, last_report_at: deps.now, last_report_by: input.actor, approval: 'approved', approved_at: deps.now, updated_at: deps.now })
      .where('item_code', '=', report.item)
      .execute();
    await appendLedger(trx, [
      {
        unit: report.unit,
        item: report.item,
        kind: 'submitted',
        actor: input.actor,
        source: input.source,
        at: deps.now,
        details: { round: report.round, summary, ...(url && { link: url }), on_time: timely, ...(replaced && { replaces: { at: report.submittedAt?.toISOString(), summary: report.summary, link: report.link } }) },
      },
    ]);
    const submission = report.submissions + 1;
    const messages: OutboxMessage[] = report.reviewers.map((reviewer) => ({
      key: `round-submission:${report.item}:${submission}>${reviewer}`,
      lane: reviewer,
      kind: 'round_submission',
      payload: { round: report.round, kind: report.kind, period: report.period, unit: report.unit, unit_name: report.unitName, item: report.item, by: input.actor, summary, ...(url && { link: url }), on_time: timely, resubmitted: replaced, reviewer },
    }));
    await enqueue(trx, messages, deps.now);
    return { ok: true as const, report: { ...report, submittedAt: deps.now, submittedBy: input.actor, summary, link: url, submissions: submission }, onTime: timely, replaced };
  });
}

export type RaterCheck = { ok: true; report: RoundReport; current: { rating: Rating; feedback: string } | null } | { ok: false; refusal: Message };

async function checkReviewer(db: Db, deps: RoundDeps, actor: string, item: string): Promise<RaterCheck> {
  const found = await findReport(db, item, actor, localDate(deps.now, deps.timeZone));
  if (!found) return { ok: false, refusal: { key: 'rounds.unknown', params: { code: item } } };
  if (!found.reviewers.includes(actor)) return { ok: false, refusal: { key: 'rounds.notReviewer', params: { round: found.round } } };
  if (!found.submitted_at) return { ok: false, refusal: { key: 'rounds.notSubmitted', params: { round: found.round, unit: found.unit } } };
  const current = await db
    .selectFrom('report_ratings')
    .select(['rating', 'feedback'])
    .where('round_code', '=', found.round)
    .where('unit_code', '=', found.unit)
    .where('reviewer', '=', actor)
    .executeTakeFirst();
  return { ok: true, report: asReport(found), current: current ?? null };
}

/** Whether a person may rate a unit's report: a named reviewer of the round, once it is submitted. */
export const checkRate = (deps: RoundDeps, actor: string, item: string) => checkReviewer(deps.db, deps, actor, item);

export interface FindingRequest {
  title: string;
  severity: string;
  requirement: string;
  due: string;
}

export interface RatingInput {
  actor: string;
  item: string;
  rating: string;
  feedback: string;
  /** A finding (Supervision I) to open for the unit; a `poor` rating proposes one. */
  finding?: FindingRequest | undefined;
  source: 'modal' | 'button';
}

export type RatingOutcome =
  | { ok: true; report: RoundReport; rating: Rating; changed: boolean; finding: string | null }
  | { ok: false; refusal: Message; field?: 'rating' | 'feedback' | 'finding_title' | 'finding_requirement' | 'finding_due' | 'finding_severity' };

/**
 * Records a reviewer's rating of a unit's report, with feedback that reaches the unit's head by DM;
 * a second rating by the same reviewer is a change (`rating_changed`, with the former rating).
 * With a finding, opens it as a rectification item of the unit (an `assessment` by the round's
 * issuing unit, whose supervisor decides its closure). Only named reviewers may rate; what is
 * refused writes nothing.
 */
export async function rateReport(deps: RoundDeps, input: RatingInput): Promise<RatingOutcome> {
  if (!(RATINGS as readonly string[]).includes(input.rating)) return { ok: false, refusal: { key: 'rounds.ratingNeeded' }, field: 'rating' };
  const rating = input.rating as Rating;
  const feedback = input.feedback.trim();
  if (!feedback) return { ok: false, refusal: { key: 'rounds.feedbackNeeded' }, field: 'feedback' };
  if (feedback.length > MAX_FEEDBACK) return { ok: false, refusal: { key: 'progress.noteTooLong', params: { max: MAX_FEEDBACK, length: feedback.length } }, field: 'feedback' };
  const control = controlCharacterIn(feedback, { lines: true });
  if (control) return { ok: false, refusal: { key: 'progress.noteControl', params: { code: control } }, field: 'feedback' };
  const today = localDate(deps.now, deps.timeZone);
  const finding = input.finding && {
    title: input.finding.title.trim(),
    requirement: input.finding.requirement.trim(),
    severity: input.finding.severity || 'minor',
    due: input.finding.due,
  };
  if (finding) {
    if (!finding.title || finding.title.length > 300 || controlCharacterIn(finding.title, { lines: false })) return { ok: false, refusal: { key: 'rounds.findingTitle' }, field: 'finding_title' };
    if (!finding.requirement || finding.requirement.length > 2000 || controlCharacterIn(finding.requirement, { lines: true })) return { ok: false, refusal: { key: 'rounds.findingRequirement' }, field: 'finding_requirement' };
    if (!(SEVERITIES as readonly string[]).includes(finding.severity)) return { ok: false, refusal: { key: 'import.badSeverity' }, field: 'finding_severity' };
    if (!DATE.test(finding.due) || finding.due < today) return { ok: false, refusal: { key: 'rounds.findingDue', params: { today } }, field: 'finding_due' };
  }

  return deps.db.transaction().execute(async (trx) => {
    const checked = await checkReviewer(trx, deps, input.actor, input.item);
    if (!checked.ok) return checked;
    const { report, current } = checked;
    let findingCode: string | null = null;
    if (finding) {
      const opened = await openFinding(trx, deps, report, input.actor, { ...finding, severity: finding.severity as Severity }, today);
      if (!opened.ok) return { ok: false as const, refusal: opened.refusal, field: 'finding_title' as const };
      findingCode = opened.code;
    }
    await trx
      .insertInto('report_ratings')
      .values({ round_code: report.round, unit_code: report.unit, reviewer: input.actor, rating, feedback, finding_code: findingCode, rated_at: deps.now })
      .onConflict((conflict) => conflict.columns(['round_code', 'unit_code', 'reviewer']).doUpdateSet({ rating, feedback, rated_at: deps.now, finding_code: sql`coalesce(excluded.finding_code, report_ratings.finding_code)` }))
      .execute();
    const changed = current !== null;
    const [entry] = await appendLedger(trx, [
      {
        unit: report.unit,
        item: report.item,
        kind: changed ? 'rating_changed' : 'rated',
        actor: input.actor,
        source: input.source,
        at: deps.now,
        details: { round: report.round, rating, feedback, ...(changed && { from: current }), ...(findingCode && { finding: findingCode }) },
      },
    ]);
    if (report.head) {
      await enqueue(
        trx,
        [
          {
            key: `round-rating:${report.item}:${input.actor}:${entry}`,
            lane: report.head,
            kind: 'round_rating',
            payload: { round: report.round, kind: report.kind, period: report.period, unit: report.unit, item: report.item, reviewer: input.actor, rating, feedback, changed, ...(findingCode && { finding: findingCode }) },
          },
        ],
        deps.now,
      );
    }
    return { ok: true as const, report, rating, changed, finding: findingCode };
  });
}

/**
 * Opens a finding of Supervision I for a rated unit: an `assessment` inspection of the unit by the
 * round's issuing unit (one per unit and round), and the finding as an item of the unit's
 * rectification list, owned by the unit's head. Refused when the issuing unit has no supervisor
 * to decide its closure.
 */
async function openFinding(trx: Transaction<Database>, deps: RoundDeps, report: RoundReport, actor: string, finding: { title: string; requirement: string; severity: Severity; due: string }, today: string) {
  const issuer = await trx.selectFrom('report_rounds').innerJoin('units', 'units.code', 'report_rounds.by_unit').select(['units.code', 'units.supervisor_user']).where('report_rounds.code', '=', report.round).executeTakeFirstOrThrow();
  if (!issuer.supervisor_user) return { ok: false as const, refusal: { key: 'rounds.noFindingCloser', params: { unit: issuer.code } } as Message };
  if (!report.head) return { ok: false as const, refusal: { key: 'import.roundNoHead', params: { code: report.unit } } as Message };
  const inspection = report.item;
  await trx
    .insertInto('inspections')
    .values({ code: inspection, kind: 'assessment', unit_code: report.unit, by_unit: issuer.code, starts_on: today, ends_on: today, recorded_by: actor, created_at: deps.now, updated_at: deps.now })
    .onConflict((conflict) => conflict.column('code').doNothing())
    .execute();
  const count = Number((await trx.selectFrom('findings').select((eb) => eb.fn.countAll().as('n')).where('inspection_code', '=', inspection).executeTakeFirstOrThrow()).n);
  const code = `${report.item}-F${count + 1}`;
  const taken = await trx.selectFrom('items').select('code').where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
  if (taken) return { ok: false as const, refusal: { key: 'import.roundCodeTaken', params: { code } } as Message };
  const year = Number(today.slice(0, 4));
  const list = await trx
    .insertInto('lists')
    .values({ unit_code: report.unit, year, kind: 'rectification', created_at: deps.now, updated_at: deps.now })
    .onConflict((conflict) => conflict.columns(['unit_code', 'year', 'kind']).doUpdateSet({ updated_at: deps.now }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('items')
    .values({ code, list_id: list.id, title: finding.title, responsibility: 'primary', target: finding.requirement, department: null, measures: null, start: today, due: finding.due, cadence: 'weekly', created_at: deps.now, updated_at: deps.now })
    .execute();
  await trx.insertInto('item_state').values({ item_code: code, updated_at: deps.now }).execute();
  await trx.insertInto('people').values({ user_id: report.head }).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
  await trx.insertInto('item_owners').values({ item_code: code, user_id: report.head, position: 0 }).execute();
  await trx.insertInto('findings').values({ item_code: code, inspection_code: inspection, severity: finding.severity, concerns_item: null, requirement: finding.requirement }).execute();
  await appendLedger(trx, [
    {
      unit: report.unit,
      item: code,
      kind: 'finding_opened',
      actor,
      source: 'modal',
      at: deps.now,
      details: { round: report.round, inspection, by: issuer.code, title: finding.title, severity: finding.severity, requirement: finding.requirement, owners: [report.head], due: finding.due },
    },
  ]);
  return { ok: true as const, code };
}
