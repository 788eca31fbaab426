/** The words of supervision (SPEC §2.7), defined once: the database and the import use these. */
export const INSPECTION_KINDS = ['inspection', 'patrol', 'assessment'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const SEVERITIES = ['minor', 'major', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERIFICATION_METHODS = ['document', 'onsite', 'lookback'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_RESULTS = ['effective', 'partial', 'ineffective'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export const LISTING_REASONS = ['typical', 'prominent', 'long_unresolved', 'other'] as const;
export type ListingReason = (typeof LISTING_REASONS)[number];

export const ORDER_STATES = ['open', 'closure_requested', 'closed'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** A finding's state as the `findings` export names it. */
export type FindingState = 'open' | 'claimed' | 'closed' | 'returned';

/** How a supervisor verified a rectification (整改验收), and what they found. */
export interface Verification {
  method: VerificationMethod;
  result: VerificationResult;
  note?: string;
}

/** Only an effective rectification closes a finding; partial and ineffective return it. */
export const closesFinding = (verification: Verification) => verification.result === 'effective';

/**
 * The state of a finding from its item's state.
 *
 * @example
 * findingState({ closed: false, approval: 'pending' }) // 'claimed'
 */
export function findingState(item: { closed: boolean; approval: string }): FindingState {
  if (item.closed) return 'closed';
  if (item.approval === 'pending') return 'claimed';
  if (item.approval === 'returned') return 'returned';
  return 'open';
}

/** Six months back from a date, the seed's "at least every half year". */
export function halfYearBefore(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(year, month - 1 - 6, 1));
  const last = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  return `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
