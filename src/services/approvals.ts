import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Claim, Judgement } from '../domain/four-eyes.js';
import { closesFinding, type Verification } from '../domain/supervision.js';
import type { ApprovalKind, LedgerSource } from '../domain/vocabulary.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { claimDeciders, judgeClaimDecider, supervisionOfClaim } from './claim-deciders.js';
import { postedAs } from './deliveries.js';
import { appendLedger } from './ledger.js';
import type { Change } from './import/plan.js';
import { applyChangeRequest, listSummary, signList } from './signoff.js';

/** What a claim shows its decider: the item's title, and the note and evidence link reported with it. */
export interface ClaimEvidence {
  title: string;
  note?: string;
  evidence_url?: string;
}

/**
 * What a request carries, by kind: written on its ledger entry and spread into its outbox message
 * (so that a field the message's schema does not know is a compile error here).
 */
export interface ApprovalDetailsByKind {
  /** "Done" or 100 % reported. */
  result: ClaimEvidence & { percent?: number };
  /** A milestone reported reached: its title. */
  milestone: ClaimEvidence & { milestone: string };
  /** A list to sign: its unit, year and (the first) items. */
  signoff: Awaited<ReturnType<typeof listSummary>>;
  /** A change to a signed list's item, held: the import's or the modal's planned change. */
  change: Change;
  /** A finding's deadline asked to move, and why. */
  extension: { title: string; from: string; to: string; because: string };
  /**
   * A listed subject's claim approved, passed on to the order's issuer; or, for a listed case
   * (`case`: its code), its head's claim that it is concluded, straight to the issuer.
   */
  order_closure: { order: string; ref: string; title?: string; approved_by?: string; case?: string; note?: string; evidence_url?: string };
}

interface ApprovalRequestOf<K extends ApprovalKind> {
  kind: K;
  unit: string;
  item?: string | null;
  listId?: number | null;
  milestonePosition?: number | null;
  /** The claimant (a Slack user), or `system` for sign-off and change requests. */
  requestedBy: string;
  source: Extract<LedgerSource, 'slash_command' | 'modal' | 'button' | 'import' | 'system'>;
  details: ApprovalDetailsByKind[K];
}

/** A request to decide, its details typed by its kind. */
export type ApprovalRequest = { [K in ApprovalKind]: ApprovalRequestOf<K> }[ApprovalKind];

/**
 * Asks whoever decides the claim (SPEC §2.5, §2.9: the unit's head, or above it when the head is
 * the claimant or tied to them through a deputy period) to decide: an `approvals` row, an
 * `approval_requested` ledger entry and a request with Approve and Return buttons. A request for
 * the unit's own head is posted in the unit's channel mentioning the head (or their deputy), so
 * that the claim is seen where the work is discussed, and by DM while the unit has no channel;
 * one decided above the unit goes by DM to the one who decides. One pending request per subject:
 * a second claim while one waits records nothing new.
 *
 * @returns the request's id and who it went to, or null when one was already pending.
 */
export async function requestApproval(trx: Transaction<Database>, request: ApprovalRequest, now: Date, timeZone: string, admins: readonly string[] = []): Promise<{ id: number; to: string | null } | null> {
  const inserted = await trx
    .insertInto('approvals')
    .values({
      kind: request.kind,
      unit_code: request.unit,
      item_code: request.item ?? null,
      list_id: request.listId ?? null,
      milestone_position: request.milestonePosition ?? null,
      requested_by: request.requestedBy,
      requested_at: now,
      details: JSON.stringify(request.details),
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  const today = localDate(now, timeZone);
  const unit = await trx.selectFrom('units').select(['channel_id', 'channel_ready_at']).where('code', '=', request.unit).executeTakeFirstOrThrow();
  const supervision = await supervisionOfClaim(trx, request.kind, request.item ?? null, request.kind === 'order_closure' ? request.details.order : undefined);
  const deciders = await claimDeciders(trx, { kind: request.kind, unit: request.unit, claimant: request.requestedBy, claimedOn: today, ...supervision }, admins, today);
  const decider = deciders.to;
  // A finding's request is posted in the inspected unit's channel too, where the inspecting supervisor is invited.
  const atHome = (deciders.seat?.kind === 'head' && deciders.seat.unit === request.unit) || (deciders.seat?.kind === 'supervisor' && deciders.seat.unit === supervision.inspectedBy);
  const closer = deciders.seat?.kind === 'person' ? ('issuer' as const) : supervision.inspectedBy ? ('inspecting_supervisor' as const) : ('head' as const);
  const above = deciders.seat?.kind === 'head' && !atHome ? { seat_unit: deciders.seat.unit } : deciders.seat?.kind === 'admins' ? { seat_admins: true } : {};
  const channel = unit.channel_id && unit.channel_ready_at ? unit.channel_id : null;
  await appendLedger(trx, [
    {
      unit: request.unit,
      item: request.item ?? null,
      kind: request.kind === 'change' ? 'change_requested' : 'approval_requested',
      actor: request.requestedBy,
      source: request.source,
      at: now,
      details: { approval: inserted.id, request: request.kind, to: decider, ...above, ...request.details },
    },
  ]);
  const lane = atHome ? (channel ?? decider) : (decider ?? channel);
  if (lane) {
    await enqueue(
      trx,
      [{ key: requestMessageKey(inserted.id), kind: 'approval_request', lane, payload: { approval: inserted.id, kind: request.kind, unit: request.unit, item: request.item ?? null, requested_by: request.requestedBy, head: decider, closer, ...above, ...request.details } }],
      now,
    );
  }
  return { id: inserted.id, to: decider };
}

/** The outbox key of a request's message: its delivery record says where it was posted. */
export const requestMessageKey = (approval: number) => `approval_request:${approval}`;

export interface Decision {
  id: number;
  actor: string;
  decision: 'approve' | 'return';
  reason?: string;
  /** How a finding's rectification was verified: required to approve a finding's `done` claim. */
  verification?: Verification;
  source: 'button' | 'modal';
}

export interface DecidedApproval {
  id: number;
  kind: ApprovalKind;
  unit: string;
  item: string | null;
  state: 'approved' | 'returned';
  decidedBy: string;
  decidedAt: Date;
  reason: string | null;
  requestedBy: string;
  details: Record<string, unknown>;
  /** What the decision made: a sign-off's or change's new version and hash. */
  result?: { version?: number; hash?: string; verification?: Verification; order?: string };
}

export type DecisionOutcome =
  | { ok: true; approval: DecidedApproval }
  | {
      ok: false;
      refusal: Message;
      decided?: DecidedApproval;
      /** The decider must say how they verified it (a finding): the verification modal, for this finding. */
      verify?: { code: string; title: string };
    };

const ledgerKind: Record<ApprovalKind, Record<'approve' | 'return', string>> = {
  result: { approve: 'approved', return: 'returned' },
  milestone: { approve: 'approved', return: 'returned' },
  signoff: { approve: 'signed', return: 'returned' },
  change: { approve: 'change_approved', return: 'change_returned' },
  extension: { approve: 'extension_approved', return: 'extension_returned' },
  order_closure: { approve: 'order_closed', return: 'order_returned' },
};

const refusals: Record<Exclude<Judgement, { ok: true }>['reason'], Message['key']> = {
  own_claim: 'approval.ownClaim',
  stands_in: 'approval.standsIn',
  not_entitled: 'approval.notEntitled',
};

function refusalFor(judgement: Exclude<Judgement, { ok: true }>, claim: Claim): Message {
  if (judgement.reason !== 'not_entitled') return { key: refusals[judgement.reason] } as Message;
  // Who closes a finding or a listed order is said plainly, not only who to ask.
  if (claim.kind === 'order_closure' && judgement.deciders.seat?.kind !== 'admins') return { key: 'order.notEntitled' };
  if (claim.inspectedBy) return { key: 'finding.notEntitled' };
  return judgement.deciders.to ? { key: 'approval.notEntitled', params: { decider: judgement.deciders.to } } : { key: 'approval.nobodyEntitled' };
}

/**
 * Records a decision on a pending request, once: the request row is locked, so a second press, a
 * double click or a retried request finds it decided and changes nothing. Only who the four-eyes
 * rule names decides (src/domain/four-eyes.ts): never the claimant, never someone tied to them
 * through a deputy period; a refusal writes nothing.
 */
export async function decideApproval(deps: { db: Kysely<Database>; now: Date; timeZone: string; admins?: readonly string[] }, decision: Decision): Promise<DecisionOutcome> {
  const reason = decision.reason?.trim() || null;
  if (decision.decision === 'return' && !reason) return { ok: false, refusal: { key: 'approval.reasonNeeded' } };
  if (!Number.isSafeInteger(decision.id)) return { ok: false, refusal: { key: 'approval.unknown' } };
  return deps.db.transaction().execute(async (trx) => {
    const approval = await trx.selectFrom('approvals').selectAll().where('id', '=', decision.id).forUpdate().executeTakeFirst();
    if (!approval) return { ok: false as const, refusal: { key: 'approval.unknown' } as Message };
    const view = (row: typeof approval): DecidedApproval => ({
      id: row.id,
      kind: row.kind,
      unit: row.unit_code,
      item: row.item_code,
      state: row.state as 'approved' | 'returned',
      decidedBy: row.decided_by ?? '',
      decidedAt: row.decided_at ?? deps.now,
      reason: row.reason,
      requestedBy: row.requested_by,
      details: row.details as Record<string, unknown>,
    });
    if (approval.state !== 'pending') {
      return { ok: false as const, refusal: { key: 'approval.alreadyDecided', params: { by: approval.decided_by ?? '' } }, decided: view(approval) };
    }
    const today = localDate(deps.now, deps.timeZone);
    const requestDetails = approval.details as Record<string, unknown>;
    const supervision = await supervisionOfClaim(trx, approval.kind, approval.item_code, typeof requestDetails.order === 'string' ? requestDetails.order : undefined);
    const claim: Claim = { kind: approval.kind, unit: approval.unit_code, claimant: approval.requested_by, claimedOn: localDate(approval.requested_at, deps.timeZone), ...supervision };
    const judgement = await judgeClaimDecider(trx, decision.actor, claim, deps.admins ?? [], today);
    if (!judgement.ok) return { ok: false as const, refusal: refusalFor(judgement, claim) };

    // A finding closes on a verification (整改验收): anything but effective returns it, with the reason.
    const verifying = Boolean(supervision.inspectedBy) && approval.kind === 'result' && decision.decision === 'approve';
    const verification = verifying ? decision.verification : undefined;
    if (verifying) {
      const verify = { code: approval.item_code as string, title: String(requestDetails.title ?? '') };
      if (!verification) return { ok: false as const, refusal: { key: 'finding.verificationNeeded' } as Message, verify };
      if (!closesFinding(verification) && !verification.note?.trim()) return { ok: false as const, refusal: { key: 'finding.reasonNeeded' } as Message, verify };
    }
    const effective = verification ? closesFinding(verification) : true;
    const state = decision.decision === 'approve' && effective ? 'approved' : 'returned';
    const why = reason ?? (verification && !effective ? (verification.note?.trim() ?? null) : null);
    const verified = verification && { method: verification.method, result: verification.result, ...(verification.note?.trim() && { note: verification.note.trim() }) };
    const details: Record<string, unknown> = { approval: approval.id, request: approval.kind, ...(why && { reason: why }), ...(verified && { verification: verified }) };
    if (approval.kind === 'order_closure' && approval.item_code) {
      Object.assign(details, await decideOrderClosure(trx, { order: String(requestDetails.order), subject: approval.item_code, state, reason: why, now: deps.now, today }));
    }
    if (verified) {
      await trx.updateTable('findings').set({ verification: JSON.stringify({ ...verified, by: decision.actor, at: deps.now.toISOString() }) }).where('item_code', '=', approval.item_code as string).execute();
    }
    const listed =
      approval.kind === 'result' && approval.item_code && state === 'approved'
        ? await trx.selectFrom('supervision_orders').select(['code', 'issuer', 'state']).where('subject_code', '=', approval.item_code).where('state', '<>', 'closed').forUpdate().executeTakeFirst()
        : undefined;
    if (listed) {
      // Not struck off (不销号): the claim is good, but only the issuer closes a listed subject.
      details.order = listed.code;
      await trx.updateTable('supervision_orders').set({ state: 'closure_requested', updated_at: deps.now }).where('code', '=', listed.code).execute();
      await requestApproval(
        trx,
        // The claimant's claim, carried on: the issuer (often the supervisor who verified it) decides.
        { kind: 'order_closure', unit: approval.unit_code, item: approval.item_code, requestedBy: approval.requested_by, source: decision.source, details: { order: listed.code, ref: listed.code, ...(typeof requestDetails.title === 'string' && { title: requestDetails.title }), approved_by: decision.actor } },
        deps.now,
        deps.timeZone,
        deps.admins,
      );
    } else if (approval.kind === 'extension' && approval.item_code && state === 'approved') {
      await trx.updateTable('items').set({ due: String(requestDetails.to), updated_at: deps.now }).where('code', '=', approval.item_code).execute();
      Object.assign(details, { from: requestDetails.from, to: requestDetails.to });
    } else if (approval.kind === 'result' && approval.item_code) {
      if (state === 'approved') {
        await trx.updateTable('item_state').set({ approval: 'approved', approved_at: deps.now, return_reason: null, updated_at: deps.now }).where('item_code', '=', approval.item_code).execute();
        await trx.updateTable('items').set({ closed_at: deps.now, updated_at: deps.now }).where('code', '=', approval.item_code).execute();
      } else {
        // Back in progress, with the reason on record.
        await trx
          .updateTable('item_state')
          .set({ approval: 'returned', return_reason: why, status: sql`case when status = 'done' then 'on_track' else status end`, updated_at: deps.now })
          .where('item_code', '=', approval.item_code)
          .execute();
      }
    } else if (approval.kind === 'milestone' && approval.item_code && approval.milestone_position !== null && state === 'approved') {
      await trx.updateTable('milestones').set({ completed_at: deps.now }).where('item_code', '=', approval.item_code).where('position', '=', approval.milestone_position).execute();
    } else if (approval.kind === 'signoff' && approval.list_id !== null && state === 'approved') {
      Object.assign(details, await signList(trx, approval.list_id, decision.actor, deps.now));
    } else if (approval.kind === 'change' && approval.list_id !== null && state === 'approved') {
      Object.assign(details, await applyChangeRequest(trx, approval.list_id, approval.details as never, decision.actor, deps.now));
    }
    const decided = await trx
      .updateTable('approvals')
      .set({ state, decided_by: decision.actor, decided_at: deps.now, reason: why })
      .where('id', '=', approval.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, [{ unit: approval.unit_code, item: approval.item_code, kind: ledgerKind[approval.kind][state === 'approved' ? 'approve' : 'return'], actor: decision.actor, source: decision.source, at: deps.now, details }]);
    // The claimant hears the outcome (with the reason when returned); a listed subject's, once its order is decided.
    if (approval.requested_by !== 'system' && !listed) {
      await enqueue(
        trx,
        [{ key: `approval_outcome:${approval.id}`, kind: 'approval_outcome', lane: approval.requested_by, payload: { approval: approval.id, kind: approval.kind, unit: approval.unit_code, item: approval.item_code, state, by: decision.actor, reason: why, ...requestDetails, ...(verified && { verification: verified }) } }],
        deps.now,
      );
    }
    return { ok: true as const, approval: { ...view(decided), result: details as DecidedApproval['result'] } };
  });
}

/**
 * The issuer's decision on closing a listed order (销号): approved, the order and its subject
 * close together; returned, the order is open again and the subject's claim is returned.
 */
async function decideOrderClosure(trx: Transaction<Database>, decision: { order: string; subject: string; state: 'approved' | 'returned'; reason: string | null; now: Date; today: string }) {
  const { now } = decision;
  if (decision.state === 'approved') {
    await trx.updateTable('supervision_orders').set({ state: 'closed', closed_at: now, updated_at: now }).where('code', '=', decision.order).execute();
    await trx.updateTable('item_state').set({ approval: 'approved', approved_at: now, return_reason: null, updated_at: now }).where('item_code', '=', decision.subject).execute();
    await trx.updateTable('items').set({ closed_at: now, updated_at: now }).where('code', '=', decision.subject).execute();
    // A listed case is concluded (结案) by the closure of its order, and by nothing else while listed.
    const concluded = await trx.updateTable('cases').set({ concluded: decision.today, updated_at: now }).where('item_code', '=', decision.subject).where('concluded', 'is', null).returning('code').executeTakeFirst();
    if (concluded) return { order: decision.order, case: concluded.code, concluded: decision.today };
  } else {
    await trx.updateTable('supervision_orders').set({ state: 'open', updated_at: now }).where('code', '=', decision.order).execute();
    await trx
      .updateTable('item_state')
      .set({ approval: 'returned', return_reason: decision.reason, status: sql`case when status = 'done' then 'on_track' else status end`, updated_at: now })
      .where('item_code', '=', decision.subject)
      .execute();
  }
  return { order: decision.order };
}

/** Pending requests of some units, oldest first (for digests and App Home). */
export async function pendingApprovals(db: Kysely<Database>, units?: string[]) {
  let query = db.selectFrom('approvals').selectAll().where('state', '=', 'pending').orderBy('requested_at').orderBy('id');
  if (units) query = query.where('unit_code', 'in', units.length ? units : ['']);
  return query.execute();
}

/** Where a request's message was posted, from its own delivery record (never from what a form says). */
export async function requestMessage(db: Kysely<Database>, approval: number): Promise<{ channel: string; ts: string } | null> {
  return postedAs(db, requestMessageKey(approval));
}
