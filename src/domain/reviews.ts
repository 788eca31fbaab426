import type { LedgerRow } from './ledger-row.js';
import type { Light } from './lights.js';
import type { Approval, ReportStatus } from './vocabulary.js';

/** The words of the year-end review (逐项过堂, SPEC §2.7), defined once. */
export const VERDICTS = ['met', 'partly_met', 'not_met'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const isVerdict = (value: unknown): value is Verdict => typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);

/** The longest note a verdict may carry. */
export const MAX_VERDICT_NOTE = 1000;

/**
 * The last day for a year's verdicts: the end of January of the next year. After it, an item of
 * that year with no verdict is named in the digest of its unit's parent.
 *
 * @example
 * reviewDeadline(2026) // '2027-01-31'
 */
export const reviewDeadline = (year: number) => `${year + 1}-01-31`;

/**
 * The year whose unreviewed items a digest names today, or null: from February to December, the
 * year before (items of older years are no longer chased).
 *
 * @example
 * overdueReviewYear('2027-02-01') // 2026
 * overdueReviewYear('2027-01-31') // null
 */
export function overdueReviewYear(today: string): number | null {
  const year = Number(today.slice(0, 4)) - 1;
  return today > reviewDeadline(year) ? year : null;
}

/**
 * The year a review is about by default: the current one from July (the review is held at year
 * end), the one before in the first half of the year (the meeting held in January).
 *
 * @example
 * defaultReviewYear('2026-12-04') // 2026
 * defaultReviewYear('2027-01-10') // 2026
 */
export const defaultReviewYear = (today: string) => Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 7 ? 0 : 1);

/**
 * An XLSX sheet name for an item: at most 31 characters, none of `: \ / ? * [ ]`, and unique
 * (case-insensitively) among `taken`, which it is added to.
 *
 * @example
 * sheetName('NJ-2016-01', new Set()) // 'NJ-2016-01'
 */
export function sheetName(code: string, taken: Set<string>): string {
  const base = code.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'item';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** What a row of the review stands for: a list item, a finding, a unit's report in a round, a listed-supervision order. */
export type ReviewKind = 'item' | 'finding' | 'report' | 'order';

/**
 * One row of the review document's first sheet. The columns an item shares with the `items`
 * export come first and hold the same values; then what the meeting goes through.
 */
export interface ReviewSheetRow {
  unit: string;
  code: string;
  title: string;
  responsibility: string | null;
  owners: string[];
  due: string;
  percent: number | null;
  status: ReportStatus | string | null;
  light: Light | null;
  approval: Approval | null;
  last_report_at: string | null;
  list_signed_at: string | null;
  kind: ReviewKind;
  /** The findings made about the item (their codes). */
  findings: string[];
  /** The listed-supervision orders on it (their codes). */
  listed: string[];
  /** Progress reports (and report-round submissions) on its ledger. */
  reports: number;
  first_report_at: string | null;
  /** Every escalation, oldest first: `at level N (reason)`. */
  escalations: string[];
  verdict: string | null;
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  /** The sheet with the item's ledger. */
  sheet: string | null;
}


export interface ReviewDocument {
  unit: string;
  year: number;
  rows: ReviewSheetRow[];
  /** One per item and finding, in the rows' order: its sheet's name and its ledger, oldest first. */
  ledgers: { code: string; sheet: string; entries: LedgerRow[] }[];
}
