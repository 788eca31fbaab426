/** The words of report rounds and ratings (SPEC §2.7, 双报告 / 述责述廉 / 评议), defined once. */
export const ROUND_KINDS = ['dual_report', 'statement'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** A reviewer's rating, best first: 好 / 较好 / 一般 / 差. */
export const RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type Rating = (typeof RATINGS)[number];

/** A unit's place in a round, as the `reports` export and the digest name it. */
export type SubmissionState = 'on_time' | 'late' | 'missing' | 'pending';

/**
 * The item that stands for one unit's report in a round: prompted, reminded, escalated and lit
 * like any item, its owner the unit's head. Its code joins the round's and the unit's.
 *
 * @example
 * roundItemCode('JS-2026-H1-DR', 'JS-NJ') // 'JS-2026-H1-DR.JS-NJ'
 */
export const roundItemCode = (round: string, unit: string) => `${round}.${unit}`;

/** Whether a submission made on a local day meets the round's deadline (the whole due day counts). */
export const onTime = (submittedOn: string, due: string) => submittedOn <= due;

/**
 * Where a unit stands in a round today: submitted on time or late, or not yet (pending before
 * the deadline, missing after it).
 *
 * @example
 * submissionState({ submittedOn: null, due: '2026-07-10', today: '2026-07-11' }) // 'missing'
 */
export function submissionState(input: { submittedOn: string | null; due: string; today: string }): SubmissionState {
  if (input.submittedOn) return onTime(input.submittedOn, input.due) ? 'on_time' : 'late';
  return input.today > input.due ? 'missing' : 'pending';
}

/**
 * A resubmission replaces the report before the deadline; after it, the report stands (a late
 * first submission is still taken).
 */
export const mayResubmit = (today: string, due: string) => today <= due;

/**
 * The unit that issues a round when the file does not say: the lowest unit above every
 * reporting unit (the common parent), or the reporting unit itself when it is a root.
 *
 * @example
 * issuingUnit(['JS-NJ', 'JS-SZ'], new Map([['JS', null], ['JS-NJ', 'JS'], ['JS-SZ', 'JS']])) // 'JS'
 */
export function issuingUnit(units: readonly string[], parents: ReadonlyMap<string, string | null>): string | null {
  const chain = (unit: string) => {
    const seen: string[] = [];
    for (let at: string | null | undefined = parents.get(unit); at && !seen.includes(at); at = parents.get(at)) seen.push(at);
    return seen;
  };
  const [first, ...rest] = units;
  if (first === undefined) return null;
  const candidates = chain(first);
  if (candidates.length === 0) return rest.length === 0 || rest.every((unit) => unit === first) ? first : null;
  return candidates.find((candidate) => rest.every((unit) => chain(unit).includes(candidate))) ?? null;
}

/** A round as its issuing unit's digest shows it: how many units stand where, and the ratings so far. */
export interface RoundDigest {
  code: string;
  kind: RoundKind;
  period: string;
  due: string;
  counts: Record<SubmissionState, number>;
  /** Units late or missing, by code. */
  behind: string[];
  /** Current ratings by value, over every unit and reviewer. */
  ratings: Record<Rating, number>;
  /** Submitted reports that no reviewer has rated yet. */
  unrated: number;
}

