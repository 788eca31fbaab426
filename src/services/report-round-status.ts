import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { RATINGS, submissionState, type Rating, type RoundDigest, type RoundKind, type SubmissionState } from '../domain/rounds.js';
import { isoWithOffset, localDate } from '../domain/time.js';

export interface RoundStatusDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** Where one unit stands in one round: its current submission and every reviewer's current rating. */
export interface RoundUnitStatus {
  round: string;
  kind: RoundKind;
  period: string;
  due: string;
  /** The issuing unit. */
  by: string;
  unit: string;
  unitName: string;
  submittedAt: Date | null;
  submissions: number;
  state: SubmissionState;
  /** In the order the round names its reviewers; only those who have rated. */
  ratings: { reviewer: string; rating: Rating }[];
}

export interface RoundStatusFilter {
  /** Reporting units (a subtree); all when absent. */
  units?: string[] | undefined;
  /** Issuing units; all when absent. */
  by?: string[] | undefined;
  /** The year of the rounds' deadlines. */
  year?: number | undefined;
}

/**
 * Every reporting unit of every round (filtered), by round and unit: submitted on time, late,
 * missing (the deadline has passed) or pending, and the ratings so far. The digest and the
 * `reports` export both read it, so that they agree.
 */
export async function roundStatuses(deps: RoundStatusDeps, filter: RoundStatusFilter = {}): Promise<RoundUnitStatus[]> {
  const empty = (list: string[] | undefined) => list !== undefined && list.length === 0;
  if (empty(filter.units) || empty(filter.by)) return [];
  let query = deps.db
    .selectFrom('report_round_units as ru')
    .innerJoin('report_rounds as r', 'r.code', 'ru.round_code')
    .innerJoin('units', 'units.code', 'ru.unit_code')
    .select(['r.code', 'r.kind', 'r.period', 'r.due', 'r.by_unit', 'r.reviewers', 'ru.unit_code', 'units.name', 'ru.submitted_at', 'ru.submissions'])
    .orderBy('r.due')
    .orderBy('r.code')
    .orderBy('ru.unit_code');
  if (filter.units) query = query.where('ru.unit_code', 'in', filter.units);
  if (filter.by) query = query.where('r.by_unit', 'in', filter.by);
  if (filter.year !== undefined) query = query.where('r.due', '>=', `${filter.year}-01-01`).where('r.due', '<=', `${filter.year}-12-31`);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ratings = await deps.db
    .selectFrom('report_ratings')
    .select(['round_code', 'unit_code', 'reviewer', 'rating'])
    .where('round_code', 'in', [...new Set(rows.map((row) => row.code))])
    .execute();
  const ratingsOf = new Map<string, Map<string, Rating>>();
  for (const rating of ratings) {
    const key = `${rating.round_code}/${rating.unit_code}`;
    ratingsOf.set(key, (ratingsOf.get(key) ?? new Map()).set(rating.reviewer, rating.rating));
  }
  const today = localDate(deps.now, deps.timeZone);
  return rows.map((row) => {
    const rated = ratingsOf.get(`${row.code}/${row.unit_code}`) ?? new Map<string, Rating>();
    return {
      round: row.code,
      kind: row.kind,
      period: row.period,
      due: row.due,
      by: row.by_unit,
      unit: row.unit_code,
      unitName: row.name,
      submittedAt: row.submitted_at,
      submissions: row.submissions,
      state: submissionState({ submittedOn: row.submitted_at ? localDate(row.submitted_at, deps.timeZone) : null, due: row.due, today }),
      ratings: row.reviewers.flatMap((reviewer) => {
        const rating = rated.get(reviewer);
        return rating ? [{ reviewer, rating }] : [];
      }),
    };
  });
}

/** One row of the `reports` export (SPEC §3), then this build's own columns. */
export interface ReportRow {
  round: string;
  kind: RoundKind;
  unit: string;
  due: string;
  submitted_at: string | null;
  /** Empty while nothing is submitted. */
  on_time: boolean | null;
  /** The reviewers' current ratings, in the order of `reviewer`. */
  rating: Rating[];
  reviewer: string[];
  period: string;
  by: string;
  state: SubmissionState;
  submissions: number;
}

export const reportColumns = ['round', 'kind', 'unit', 'due', 'submitted_at', 'on_time', 'rating', 'reviewer', 'period', 'by', 'state', 'submissions'] as const;

/**
 * The `reports` export: one row per unit and report round, from the same statuses as the digest.
 *
 * @example
 * await exportReports(deps, { units: ['JS-NJ'] }) // [{ round: 'JS-2026-H1-DR', unit: 'JS-NJ', on_time: true, rating: ['good'], … }]
 */
export async function exportReports(deps: RoundStatusDeps, filter: RoundStatusFilter = {}): Promise<ReportRow[]> {
  return (await roundStatuses(deps, filter)).map((status) => ({
    round: status.round,
    kind: status.kind,
    unit: status.unit,
    due: status.due,
    submitted_at: status.submittedAt ? isoWithOffset(status.submittedAt, deps.timeZone) : null,
    on_time: status.submittedAt ? status.state === 'on_time' : null,
    rating: status.ratings.map((rating) => rating.rating),
    reviewer: status.ratings.map((rating) => rating.reviewer),
    period: status.period,
    by: status.by,
    state: status.state,
    submissions: status.submissions,
  }));
}

/** How long after its deadline a fully submitted and rated round still shows in the digest. */
const SETTLED_DAYS = 28;

/**
 * The rounds each issuing unit's weekly digest shows: every round with a unit still pending,
 * missing or unrated, and any other whose deadline is less than four weeks past.
 */
export async function roundDigests(deps: RoundStatusDeps): Promise<Map<string, RoundDigest[]>> {
  const recent = localDate(new Date(deps.now.getTime() - SETTLED_DAYS * 86_400_000), deps.timeZone);
  const byRound = new Map<string, RoundUnitStatus[]>();
  for (const status of await roundStatuses(deps)) byRound.set(status.round, [...(byRound.get(status.round) ?? []), status]);
  const digests = new Map<string, RoundDigest[]>();
  for (const statuses of byRound.values()) {
    const first = statuses[0] as RoundUnitStatus;
    const counts: Record<SubmissionState, number> = { on_time: 0, late: 0, missing: 0, pending: 0 };
    const ratings = Object.fromEntries(RATINGS.map((rating) => [rating, 0])) as Record<Rating, number>;
    let unrated = 0;
    for (const status of statuses) {
      counts[status.state]++;
      for (const { rating } of status.ratings) ratings[rating]++;
      if (status.submittedAt && status.ratings.length === 0) unrated++;
    }
    const open = counts.pending + counts.missing + unrated > 0;
    if (!open && first.due < recent) continue;
    const digest: RoundDigest = {
      code: first.round,
      kind: first.kind,
      period: first.period,
      due: first.due,
      counts,
      behind: statuses.filter((status) => status.state === 'late' || status.state === 'missing').map((status) => status.unit),
      ratings,
      unrated,
    };
    digests.set(first.by, [...(digests.get(first.by) ?? []), digest]);
  }
  return digests;
}
