import { sql, type Kysely } from 'kysely';
import { ownersOfItem, roundOfItem } from '../db/item-fragments.js';
import type { Database } from '../db/schema.js';
import type { LedgerSource, ReportStatus } from '../domain/vocabulary.js';
import { controlCharacterIn } from '../domain/control-characters.js';
import { checkEvidenceLink } from '../domain/evidence-link.js';
import { mayReport } from '../domain/permissions.js';
import { MAX_NOTE_LENGTH } from '../domain/progress-command.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { requestApproval } from './approvals.js';
import { entryTextSql, insertChained, type LedgerRecord } from './ledger.js';

export interface ReportInput {
  actor: string;
  code: string;
  percent?: number | undefined;
  status?: ReportStatus | undefined;
  note?: string | undefined;
  /** The note is internal: recorded and shown in Slack, never published (SPEC §2.2). */
  internal?: boolean | undefined;
  evidenceUrl?: string | undefined;
  /** A milestone (by position) the reporter says is reached: a claim for the head to approve. */
  milestone?: number | undefined;
  source: Extract<LedgerSource, 'slash_command' | 'modal' | 'button'>;
  /** Identifies the request (a trigger id, a view id): a repeated request is recorded once. */
  requestKey: string;
}

export interface ReportedItem {
  code: string;
  title: string;
  unit: string;
}

export type ReportOutcome =
  | {
      ok: true;
      item: ReportedItem;
      entryId: number | null;
      percent: number | null;
      status: ReportStatus | null;
      note: string | null;
      /** The note just recorded is internal (never published). */
      internal?: boolean;
      repeated: boolean;
      /** A claim (done, or a milestone reached) now awaits approval. */
      awaitingApproval: boolean;
      /** Who it awaits (four eyes: not always the unit's head), when the request is new. */
      decider?: string | null;
    }
  | { ok: false; refusal: Message; field?: 'item' | 'percent' | 'note' | 'evidence' };

export interface ProgressDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  /** ZEREN_ADMINS: they decide claims that no head above may (SPEC §2.9). */
  admins?: readonly string[];
}

/**
 * The item a code names, matched regardless of case, with who may report on it: its owners,
 * its unit's head, and the people the actor stands in for today. One query.
 */
async function findItem(db: Kysely<Database>, code: string, actor: string, today: string) {
  return db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .innerJoin('units', 'units.code', 'lists.unit_code')
    .select([
      'items.code',
      'items.title',
      'items.closed_at',
      'units.code as unit',
      'units.head_user',
      'units.channel_id',
      'units.channel_ready_at',
      ownersOfItem().as('owners'),
      roundOfItem().as('round'),
      sql<string[]>`coalesce((select array_agg(d.user_id) from deputies d where d.deputy_user = ${actor} and d.starts_on <= ${today} and d.ends_on >= ${today}), '{}')`.as('standing_in_for'),
    ])
    .where(sql<string>`lower(items.code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

type FoundItem = NonNullable<Awaited<ReturnType<typeof findItem>>>;

async function check(deps: ProgressDeps, actor: string, code: string): Promise<{ ok: true; item: FoundItem } | { ok: false; refusal: Message }> {
  const item = await findItem(deps.db, code, actor, localDate(deps.now, deps.timeZone));
  if (!item) return { ok: false, refusal: { key: 'progress.unknownItem', params: { code } } };
  if (item.closed_at) return { ok: false, refusal: { key: 'progress.closed', params: { code: item.code } } };
  // A unit's report in a round is submitted with its own modal (summary and link), not reported on.
  if (item.round) return { ok: false, refusal: { key: 'rounds.useSubmit', params: { code: item.code, round: item.round } } };
  if (!mayReport(actor, { owners: item.owners, unitHead: item.head_user }, item.standing_in_for)) {
    return { ok: false, refusal: { key: 'progress.notYours', params: { code: item.code } } };
  }
  return { ok: true, item };
}

/** Checks that a person may report on an item, without writing anything. */
export async function checkReporter(deps: ProgressDeps, actor: string, code: string): Promise<{ ok: true; item: ReportedItem } | { ok: false; refusal: Message }> {
  const checked = await check(deps, actor, code);
  return checked.ok ? { ok: true, item: { code: checked.item.code, title: checked.item.title, unit: checked.item.unit } } : checked;
}

/**
 * Records a progress report: one ledger entry, the item's state and a notice for the unit's
 * channel (through the outbox), in one transaction. Refuses, writing nothing, an unknown or
 * closed item, someone else's item, a percentage outside 0–100, a note with a control character,
 * an evidence link that is not an http(s) URL of at most 2,000 characters, and an empty report.
 * The same request twice is recorded once.
 */
export async function recordReport(deps: ProgressDeps, input: ReportInput): Promise<ReportOutcome> {
  const note = input.note?.trim() || undefined;
  const typedEvidence = input.evidenceUrl?.trim() || undefined;
  if (input.percent !== undefined && (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100)) {
    return { ok: false, refusal: { key: 'progress.percentRange' }, field: 'percent' };
  }
  if (note && note.length > MAX_NOTE_LENGTH) {
    return { ok: false, refusal: { key: 'progress.noteTooLong', params: { max: MAX_NOTE_LENGTH, length: note.length } }, field: 'note' };
  }
  // PostgreSQL cannot store NUL, and no control character belongs in a note: refused, not a database error.
  const control = note && controlCharacterIn(note, { lines: true });
  if (control) return { ok: false, refusal: { key: 'progress.noteControl', params: { code: control } }, field: 'note' };
  const link = typedEvidence ? checkEvidenceLink(typedEvidence) : undefined;
  if (link && !link.ok) return { ok: false, refusal: link.problem, field: 'evidence' };
  const evidenceUrl = link?.url;
  if (input.percent === undefined && !input.status && !note && input.milestone === undefined) return { ok: false, refusal: { key: 'progress.empty' }, field: 'note' };

  // Who may report is read before the transaction (as inside it, no row is locked for it): a
  // refused report opens none.
  const checked = await check(deps, input.actor, input.code);
  if (!checked.ok) return { ...checked, field: 'item' as const };
  const found = checked.item;
  const item = { code: found.code, title: found.title, unit: found.unit };
  const details = {
    ...(input.percent !== undefined && { percent: input.percent }),
    ...(input.status && { status: input.status }),
    ...(note && { note }),
    ...(note && input.internal && { internal: true as const }),
    ...(evidenceUrl && { evidence_url: evidenceUrl }),
  };
  const entry: LedgerRecord = { unit: item.unit, item: item.code, kind: 'report', actor: input.actor, source: input.source, at: deps.now, details: { ...details, ...(input.milestone !== undefined && { milestone: input.milestone }) } };
  // The public pages show the latest note not marked internal: an internal one (or none) leaves it.
  const publicNote = note && !input.internal ? note : null;

  return deps.db.transaction().execute(async (trx) => {
    // Only a channel the bot has set up (and so joined) gets the notice. Keyed by the request, so
    // that a repeated request adds none (queued first: it locks nothing a report waits on).
    if (found.channel_id && found.channel_ready_at) {
      await enqueue(
        trx,
        [
          {
            key: `report_notice:${input.requestKey}`,
            kind: 'report_notice',
            lane: found.channel_id,
            payload: { unit: item.unit, channel: found.channel_id, item: item.code, title: item.title, actor: input.actor, ...details },
          },
        ],
        deps.now,
      );
    }
    // One statement: one report per request, whatever Slack retries (the key is written with the
    // entry, or not at all); the item's state (what a report leaves out stays as it was); then,
    // after the item's row (the lateral call needs the state's row first), the unit's chain head,
    // locked last and always in that order, so that concurrent reports neither deadlock nor hold
    // the whole unit's chain for long; and the entry's text.
    const {
      rows: [written],
    } = await sql<{ percent: number | null; status: ReportStatus | null; note: string | null; head: string; text: string }>`
      with fresh as (
        insert into slack_deliveries (key, received_at) values (${`report:${input.requestKey}`}, ${deps.now}) on conflict (key) do nothing returning key
      ), state as (
        insert into item_state (item_code, percent, status, public_note, note, evidence_url, last_report_at, last_report_by, updated_at)
        select ${item.code}, ${input.percent ?? null}::integer, ${input.status ?? null}::text, ${publicNote}::text, ${note ?? null}::text, ${evidenceUrl ?? null}::text, ${deps.now}::timestamptz, ${input.actor}::text, ${deps.now}::timestamptz
        from fresh
        on conflict (item_code) do update set
          note = excluded.note, evidence_url = excluded.evidence_url, last_report_at = excluded.last_report_at, last_report_by = excluded.last_report_by, updated_at = excluded.updated_at,
          public_note = coalesce(excluded.public_note, item_state.public_note),
          percent = coalesce(excluded.percent, item_state.percent),
          status = coalesce(excluded.status, item_state.status)
        returning percent, status, note, ${item.unit}::text as unit
      )
      select state.percent, state.status, state.note, head.hash as head, ${entryTextSql(entry)} as text
      from state cross join lateral ledger_heads_for_append(array[state.unit]) as head`.execute(trx);
    if (!written) {
      // Recorded before (the same request again): nothing written; the item's state as it is now.
      const now = await trx.selectFrom('item_state').select(['percent', 'status', 'note']).where('item_code', '=', item.code).executeTakeFirst();
      return { ok: true as const, item, entryId: null, percent: now?.percent ?? null, status: now?.status ?? null, note: now?.note ?? null, repeated: true, awaitingApproval: false };
    }
    const state = written;
    const [entryId] = await insertChained(trx, [entry], new Map([[item.unit, state.head]]), [state.text]);
    // "Done" (or 100 %) and a milestone reached are claims: the head decides (SPEC §2.5).
    const claim = { unit: item.unit, item: item.code, requestedBy: input.actor, source: input.source };
    const evidence = { title: item.title, ...(note && { note }), ...(evidenceUrl && { evidence_url: evidenceUrl }) };
    let awaitingApproval = false;
    let decider: string | null = null;
    // A listed case (挂牌督办) concluded by its head: the claim goes straight to the order's issuer, who alone closes it.
    const listedCase =
      input.status === 'done' || input.percent === 100
        ? await trx
            .selectFrom('cases')
            .innerJoin('supervision_orders', 'supervision_orders.subject_code', 'cases.item_code')
            .select(['cases.code', 'supervision_orders.code as order'])
            .where('cases.item_code', '=', item.code)
            .where('supervision_orders.state', '<>', 'closed')
            .forUpdate()
            .executeTakeFirst()
        : undefined;
    if (listedCase) {
      await trx.updateTable('supervision_orders').set({ state: 'closure_requested', updated_at: deps.now }).where('code', '=', listedCase.order).execute();
      const details = { order: listedCase.order, ref: listedCase.order, case: listedCase.code, ...evidence };
      decider = (await requestApproval(trx, { ...claim, kind: 'order_closure', details }, deps.now, deps.timeZone, deps.admins))?.to ?? null;
      await trx.updateTable('item_state').set({ approval: 'pending' }).where('item_code', '=', item.code).execute();
      awaitingApproval = true;
    } else if (input.status === 'done' || input.percent === 100) {
      decider = (await requestApproval(trx, { ...claim, kind: 'result', details: { ...evidence, ...(input.percent !== undefined && { percent: input.percent }) } }, deps.now, deps.timeZone, deps.admins))?.to ?? null;
      await trx.updateTable('item_state').set({ approval: 'pending' }).where('item_code', '=', item.code).execute();
      awaitingApproval = true;
    }
    if (input.milestone !== undefined) {
      const milestone = await trx.selectFrom('milestones').select(['title', 'completed_at']).where('item_code', '=', item.code).where('position', '=', input.milestone).executeTakeFirst();
      if (milestone && !milestone.completed_at) {
        decider = (await requestApproval(trx, { ...claim, kind: 'milestone', milestonePosition: input.milestone, details: { ...evidence, milestone: milestone.title } }, deps.now, deps.timeZone, deps.admins))?.to ?? decider;
        awaitingApproval = true;
      }
    }
    return { ok: true as const, item, entryId: entryId ?? null, percent: state.percent, status: state.status, note: state.note, internal: details.internal === true, repeated: false, awaitingApproval, decider };
  });
}

/** The milestones of an item not yet reached (approved), for the reporter to claim. */
export async function openMilestones(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('milestones')
    .select(['position', 'title', 'due'])
    .where('item_code', '=', code)
    .where('completed_at', 'is', null)
    .orderBy('position')
    .execute();
}
