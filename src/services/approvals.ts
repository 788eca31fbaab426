import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Judgement } from '../domain/four-eyes.js';
import type { ApprovalKind, LedgerSource } from '../domain/vocabulary.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { claimDeciders, judgeClaimDecider } from './claim-deciders.js';
import { postedAs } from './deliveries.js';
import { appendLedger } from './ledger.js';
import { applyChangeRequest, signList } from './signoff.js';

export interface ApprovalRequest {
  kind: ApprovalKind;
  unit: string;
  item?: string | null;
  listId?: number | null;
  milestonePosition?: number | null;
  /** The claimant (a Slack user), or `system` for sign-off and change requests. */
  requestedBy: string;
  source: Extract<LedgerSource, 'slash_command' | 'modal' | 'button' | 'import' | 'system'>;
  details: Record<string, unknown>;
}

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
  const deciders = await claimDeciders(trx, { kind: request.kind, unit: request.unit, claimant: request.requestedBy, claimedOn: today }, admins, today);
  const decider = deciders.to;
  const atHome = deciders.seat?.kind === 'head' && deciders.seat.unit === request.unit;
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
      [{ key: requestMessageKey(inserted.id), kind: 'approval_request', lane, payload: { approval: inserted.id, kind: request.kind, unit: request.unit, item: request.item ?? null, requested_by: request.requestedBy, head: decider, ...above, ...request.details } }],
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
  result?: { version?: number; hash?: string };
}

export type DecisionOutcome = { ok: true; approval: DecidedApproval } | { ok: false; refusal: Message; decided?: DecidedApproval };

const ledgerKind: Record<ApprovalKind, Record<'approve' | 'return', string>> = {
  result: { approve: 'approved', return: 'returned' },
  milestone: { approve: 'approved', return: 'returned' },
  signoff: { approve: 'signed', return: 'returned' },
  change: { approve: 'change_approved', return: 'change_returned' },
};

const refusals: Record<Exclude<Judgement, { ok: true }>['reason'], Message['key']> = {
  own_claim: 'approval.ownClaim',
  stands_in: 'approval.standsIn',
  not_entitled: 'approval.notEntitled',
};

function refusalFor(judgement: Exclude<Judgement, { ok: true }>): Message {
  if (judgement.reason !== 'not_entitled') return { key: refusals[judgement.reason] } as Message;
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
    const claim = { kind: approval.kind, unit: approval.unit_code, claimant: approval.requested_by, claimedOn: localDate(approval.requested_at, deps.timeZone) };
    const judgement = await judgeClaimDecider(trx, decision.actor, claim, deps.admins ?? [], today);
    if (!judgement.ok) return { ok: false as const, refusal: refusalFor(judgement) };

    const state = decision.decision === 'approve' ? 'approved' : 'returned';
    const details: Record<string, unknown> = { approval: approval.id, request: approval.kind, ...(reason && { reason }) };
    if (approval.kind === 'result' && approval.item_code) {
      if (state === 'approved') {
        await trx.updateTable('item_state').set({ approval: 'approved', approved_at: deps.now, return_reason: null, updated_at: deps.now }).where('item_code', '=', approval.item_code).execute();
        await trx.updateTable('items').set({ closed_at: deps.now, updated_at: deps.now }).where('code', '=', approval.item_code).execute();
      } else {
        // Back in progress, with the reason on record.
        await trx
          .updateTable('item_state')
          .set({ approval: 'returned', return_reason: reason, status: sql`case when status = 'done' then 'on_track' else status end`, updated_at: deps.now })
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
      .set({ state, decided_by: decision.actor, decided_at: deps.now, reason })
      .where('id', '=', approval.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, [{ unit: approval.unit_code, item: approval.item_code, kind: ledgerKind[approval.kind][decision.decision], actor: decision.actor, source: decision.source, at: deps.now, details }]);
    // The claimant hears the outcome (with the reason when returned).
    if (approval.requested_by !== 'system') {
      await enqueue(
        trx,
        [{ key: `approval_outcome:${approval.id}`, kind: 'approval_outcome', lane: approval.requested_by, payload: { approval: approval.id, kind: approval.kind, unit: approval.unit_code, item: approval.item_code, state, by: decision.actor, reason, ...(approval.details as Record<string, unknown>) } }],
        deps.now,
      );
    }
    return { ok: true as const, approval: { ...view(decided), result: details as { version?: number; hash?: string } } };
  });
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
