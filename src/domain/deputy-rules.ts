import { addDays } from './calendar.js';

/** A unit where the person for whom a deputy is named has a duty, with who is above them there. */
export interface DutyUnit {
  code: string;
  /** `head`: they head it; `member`: they own items, supervise or sit in its channel. */
  role: 'head' | 'member';
  head: string | null;
  /** The parent unit's head: the one above a head. */
  parentHead: string | null;
}

export interface DeputyNaming {
  /** Who fills in the form. */
  actor: string;
  /** For whom the deputy stands in. */
  user: string;
  deputy: string;
  startsOn: string;
  endsOn: string;
  today: string;
  maxDays: number;
  admins: readonly string[];
  /** The units where `user` has a duty. */
  duties: readonly DutyUnit[];
}

export type DeputyField = 'person' | 'deputy' | 'starts_on' | 'ends_on';

export type DeputyRefusalKey =
  | 'deputy.notYours'
  | 'deputy.noDuties'
  | 'deputy.whoNeeded'
  | 'deputy.notSelf'
  | 'deputy.notThemself'
  | 'deputy.badDate'
  | 'deputy.inThePast'
  | 'deputy.startsInThePast'
  | 'deputy.endsBeforeStart'
  | 'deputy.tooLong';

export type DeputyRefusal = { key: DeputyRefusalKey; params?: Record<string, string | number>; field: DeputyField };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (text: string) => ISO_DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** The number of days from `from` to `to`, both included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Whether `actor` may name this deputy for `user` (SPEC §2.4, §2.9): the person themself, the
 * head of a unit where they have a duty (for a head: the parent unit's head), or an admin; for
 * someone with a duty somewhere (a deputy stands in for duties); a real period that starts
 * neither before today nor ends before it starts, of at most `maxDays` days.
 *
 * @returns the first refusal, with the form field it belongs to, or null when it may be named.
 * @example
 * checkDeputyNaming({ actor: 'U1', user: 'U1', deputy: 'U2', startsOn: '2026-11-25', endsOn: '2100-01-01', today: '2026-11-25', maxDays: 90, admins: [], duties })
 * // → { key: 'deputy.tooLong', params: { max: 90 }, field: 'ends_on' }
 */
export function checkDeputyNaming(naming: DeputyNaming): DeputyRefusal | null {
  const { actor, user } = naming;
  const superior = naming.duties.some((duty) => (duty.role === 'head' ? duty.parentHead === actor : duty.head === actor));
  if (actor !== user && !naming.admins.includes(actor) && !superior) return { key: 'deputy.notYours', field: 'person' };
  if (naming.duties.length === 0) return { key: 'deputy.noDuties', params: { user }, field: 'person' };
  if (!naming.deputy) return { key: 'deputy.whoNeeded', field: 'deputy' };
  if (naming.deputy === user) return { key: actor === user ? 'deputy.notSelf' : 'deputy.notThemself', field: 'deputy' };
  if (!isDate(naming.startsOn)) return { key: 'deputy.badDate', field: 'starts_on' };
  if (!isDate(naming.endsOn)) return { key: 'deputy.badDate', field: 'ends_on' };
  if (naming.endsOn < naming.today) return { key: 'deputy.inThePast', field: 'ends_on' };
  if (naming.startsOn < naming.today) return { key: 'deputy.startsInThePast', field: 'starts_on' };
  if (naming.endsOn < naming.startsOn) return { key: 'deputy.endsBeforeStart', field: 'ends_on' };
  if (periodDays(naming.startsOn, naming.endsOn) > naming.maxDays) {
    return { key: 'deputy.tooLong', params: { max: naming.maxDays, last: addDays(naming.startsOn, naming.maxDays - 1) }, field: 'ends_on' };
  }
  return null;
}
