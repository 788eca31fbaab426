import type { ApprovalKind } from './vocabulary.js';

/**
 * Four eyes (SPEC §2.9): who decides a claim. Pure: the caller loads the units, deputy periods
 * and admins that matter and passes them in.
 */

/** The kinds of claim and request that someone decides. */
export type ClaimKind = ApprovalKind;

export interface Claim {
  kind: ClaimKind;
  /** The unit the claim belongs to. */
  unit: string;
  /** Who made the claim (a Slack user), or `system` for requests made by an import. */
  claimant: string;
  /** The local day the claim was made: a deputy period in force since then ties two people. */
  claimedOn: string;
  /** For a finding (SPEC §2.7): the unit that inspected; its supervisor decides, not the unit's head. */
  inspectedBy?: string | null;
  /** For the closure of a listed-supervision order: its issuer, who alone decides (不销号). */
  issuer?: string | null;
}

export interface SeatUnit {
  code: string;
  parent: string | null;
  head: string | null;
  supervisor: string | null;
}

/** A deputy period as in force: `from`..`to` inclusive (an ended period ends earlier, or never began). */
export interface DeputyTie {
  user: string;
  deputy: string;
  from: string;
  to: string;
}

export interface Organisation {
  /** At least the units a closer rule can reach: the claim's unit and its ancestors. */
  units: ReadonlyMap<string, SeatUnit>;
  /** Deputy periods, oldest first (the latest of two in force on a day wins). */
  deputies: readonly DeputyTie[];
  admins: readonly string[];
  today: string;
}

/**
 * Where a kind's decision starts. `unit_head`: the unit's head, moving up to the parent's head
 * while the head is tied to the claimant (or the unit has none), and to the admins above the
 * root. `unit_supervisor`: the same with supervisors (for findings, decided by the inspecting
 * unit). `person`: one named person alone (an order's issuer), no deputy; only when that person
 * is tied to the claimant (they became an owner of the subject after issuing the order, or stood
 * in for the claimant) does the decision go to the admins not tied to the claimant, so that an
 * order can always be closed by someone other than the claimant.
 */
export type Closer = { rule: 'unit_head'; unit: string } | { rule: 'unit_supervisor'; unit: string } | { rule: 'person'; user: string };

/** A list item's claims go to its unit's head; a finding's to the supervisor of the unit that inspected. */
const itemOrFinding = (claim: Claim): Closer => (claim.inspectedBy ? { rule: 'unit_supervisor', unit: claim.inspectedBy } : { rule: 'unit_head', unit: claim.unit });

/** One closer rule per kind; a new kind of claim adds its line here. */
export const CLOSERS: { [K in ClaimKind]: (claim: Claim) => Closer } = {
  result: itemOrFinding,
  milestone: itemOrFinding,
  signoff: (claim) => ({ rule: 'unit_head', unit: claim.unit }),
  change: (claim) => ({ rule: 'unit_head', unit: claim.unit }),
  // A finding's deadline moves only with the inspecting supervisor's approval.
  extension: (claim) => ({ rule: 'unit_supervisor', unit: claim.inspectedBy ?? claim.unit }),
  order_closure: (claim) => ({ rule: 'person', user: claim.issuer ?? '' }),
};

export type Seat = { kind: 'head' | 'supervisor'; unit: string; holder: string } | { kind: 'person'; holder: string } | { kind: 'admins' };

export interface Deciders {
  /** Whose decision it is; null when nobody may decide (an issuer who made the claim). */
  seat: Seat | null;
  /** Who the request goes to: the holder's deputy today when one may decide, else the holder. */
  to: string | null;
  /** Everyone whose decision counts. */
  entitled: string[];
}

const inForce = (period: DeputyTie, on: string) => period.from <= period.to && period.from <= on && on <= period.to;

/**
 * Whether two people may not decide each other's claims: the same person, or one stood in for
 * the other at some time between the claim and today.
 */
export function tied(a: string, b: string, claim: Pick<Claim, 'claimedOn'>, org: Pick<Organisation, 'deputies' | 'today'>): boolean {
  if (a === b) return true;
  return org.deputies.some(
    (period) =>
      period.from <= period.to &&
      period.from <= org.today &&
      period.to >= claim.claimedOn &&
      ((period.user === a && period.deputy === b) || (period.user === b && period.deputy === a)),
  );
}

/** The people standing in for someone today, the latest named first. */
function deputiesToday(user: string, org: Organisation): string[] {
  return org.deputies
    .filter((period) => period.user === user && inForce(period, org.today))
    .map((period) => period.deputy)
    .reverse();
}

function seated(seat: Seat & { holder: string }, claim: Claim, org: Organisation): Deciders {
  const deputies = deputiesToday(seat.holder, org).filter((deputy) => !tied(deputy, claim.claimant, claim, org));
  return { seat, to: deputies[0] ?? seat.holder, entitled: [seat.holder, ...new Set(deputies)] };
}

/**
 * Who decides a claim: the seat its kind's closer rule reaches, skipping every holder tied to
 * the claimant, and who within it may press the buttons (the holder and their deputy today,
 * never anyone tied to the claimant).
 *
 * @example
 * // The head of JS-NJ claims their own item: the head of JS (the parent) decides.
 * decidersOf({ kind: 'result', unit: 'JS-NJ', claimant: 'U02HEAD', claimedOn: '2026-11-25' }, org)
 * // → { seat: { kind: 'head', unit: 'JS', holder: 'U01HEAD' }, to: 'U01HEAD', entitled: ['U01HEAD'] }
 */
export function decidersOf(claim: Claim, org: Organisation): Deciders {
  const closer = CLOSERS[claim.kind](claim);
  if (closer.rule === 'person') {
    // The issuer's alone (SPEC §2.9): no deputy stands in for them.
    if (closer.user && !tied(closer.user, claim.claimant, claim, org)) return { seat: { kind: 'person', holder: closer.user }, to: closer.user, entitled: [closer.user] };
    // An issuer who is (or stood in for) the claimant cannot decide: the admins do, or nobody when there is none.
    if (!closer.user) return { seat: null, to: null, entitled: [] };
    const admins = [...new Set(org.admins)].filter((admin) => !tied(admin, claim.claimant, claim, org) && admin !== closer.user);
    return admins.length ? { seat: { kind: 'admins' }, to: admins[0] ?? null, entitled: admins } : { seat: null, to: null, entitled: [] };
  }
  const role = closer.rule === 'unit_head' ? 'head' : 'supervisor';
  const seen = new Set<string>();
  for (let code: string | null = closer.unit; code && !seen.has(code); code = org.units.get(code)?.parent ?? null) {
    seen.add(code);
    const unit = org.units.get(code);
    const holder = unit?.[role];
    if (unit && holder && !tied(holder, claim.claimant, claim, org)) return seated({ kind: role, unit: unit.code, holder }, claim, org);
  }
  const admins = [...new Set(org.admins)].filter((admin) => !tied(admin, claim.claimant, claim, org));
  return { seat: { kind: 'admins' }, to: admins[0] ?? null, entitled: admins };
}

export type Judgement = { ok: true; deciders: Deciders } | { ok: false; reason: 'own_claim' | 'stands_in' | 'not_entitled'; deciders: Deciders };

/**
 * Whether a person may decide a claim, and if not, why: it is their own, they are tied to the
 * claimant through a deputy period, or the decision is someone else's.
 */
export function judgeDecider(actor: string, claim: Claim, org: Organisation): Judgement {
  const deciders = decidersOf(claim, org);
  if (actor === claim.claimant) return { ok: false, reason: 'own_claim', deciders };
  if (tied(actor, claim.claimant, claim, org)) return { ok: false, reason: 'stands_in', deciders };
  if (!deciders.entitled.includes(actor)) return { ok: false, reason: 'not_entitled', deciders };
  return { ok: true, deciders };
}
