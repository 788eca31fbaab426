import { sql, type Kysely } from 'kysely';
import type { Database, LedgerSource, ReportStatus } from '../db/schema.js';
import { mayReport } from '../domain/permissions.js';
import { MAX_NOTE_LENGTH } from '../domain/progress-command.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { appendLedger } from './ledger.js';

export interface ReportInput {
  actor: string;
  code: string;
  percent?: number | undefined;
  status?: ReportStatus | undefined;
  note?: string | undefined;
  evidenceUrl?: string | undefined;
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
  | { ok: true; item: ReportedItem; entryId: number | null; percent: number | null; status: ReportStatus | null; note: string | null; repeated: boolean }
  | { ok: false; refusal: Message; field?: 'item' | 'percent' | 'note' };

export interface ProgressDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** People a person stands in for today (their deputy periods cover the date). */
export async function standingInFor(db: Kysely<Database>, person: string, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('deputies')
    .select('user_id')
    .where('deputy_user', '=', person)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .execute();
  return rows.map((row) => row.user_id);
}

/** The item a code names, matched regardless of case, with who may report on it. */
async function findItem(db: Kysely<Database>, code: string) {
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
      sql<string[]>`coalesce((select array_agg(o.user_id order by o.position) from item_owners o where o.item_code = items.code), '{}')`.as('owners'),
    ])
    .where(sql<string>`lower(items.code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

/** Checks that a person may report on an item, without writing anything. */
export async function checkReporter(deps: ProgressDeps, actor: string, code: string): Promise<{ ok: true; item: ReportedItem } | { ok: false; refusal: Message }> {
  const item = await findItem(deps.db, code);
  if (!item) return { ok: false, refusal: { key: 'progress.unknownItem', params: { code } } };
  if (item.closed_at) return { ok: false, refusal: { key: 'progress.closed', params: { code: item.code } } };
  const deputising = await standingInFor(deps.db, actor, localDate(deps.now, deps.timeZone));
  if (!mayReport(actor, { owners: item.owners, unitHead: item.head_user }, deputising)) {
    return { ok: false, refusal: { key: 'progress.notYours', params: { code: item.code } } };
  }
  return { ok: true, item: { code: item.code, title: item.title, unit: item.unit } };
}

/**
 * Records a progress report: one ledger entry, the item's state and a notice for the unit's
 * channel (through the outbox), in one transaction. Refuses, writing nothing, an unknown or
 * closed item, someone else's item, a percentage outside 0–100 and an empty report. The same
 * request twice is recorded once.
 */
export async function recordReport(deps: ProgressDeps, input: ReportInput): Promise<ReportOutcome> {
  const note = input.note?.trim() || undefined;
  const evidenceUrl = input.evidenceUrl?.trim() || undefined;
  if (input.percent !== undefined && (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100)) {
    return { ok: false, refusal: { key: 'progress.percentRange' }, field: 'percent' };
  }
  if (note && note.length > MAX_NOTE_LENGTH) {
    return { ok: false, refusal: { key: 'progress.noteTooLong', params: { max: MAX_NOTE_LENGTH, length: note.length } }, field: 'note' };
  }
  if (input.percent === undefined && !input.status && !note) return { ok: false, refusal: { key: 'progress.empty' }, field: 'note' };

  return deps.db.transaction().execute(async (trx) => {
    const checked = await checkReporter({ ...deps, db: trx }, input.actor, input.code);
    if (!checked.ok) return { ...checked, field: 'item' as const };
    const { item } = checked;
    // One report per request, whatever Slack retries; the key is written with the entry, or not at all.
    const fresh = await trx
      .insertInto('slack_deliveries')
      .values({ key: `report:${input.requestKey}`, received_at: deps.now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    // Reports on one item are recorded one at a time, so the state follows the ledger's order.
    const state = await trx.selectFrom('item_state').selectAll().where('item_code', '=', item.code).forUpdate().executeTakeFirst();
    if (!fresh) {
      return { ok: true as const, item, entryId: null, percent: state?.percent ?? null, status: state?.status ?? null, note: state?.note ?? null, repeated: true };
    }
    const details = {
      ...(input.percent !== undefined && { percent: input.percent }),
      ...(input.status && { status: input.status }),
      ...(note && { note }),
      ...(evidenceUrl && { evidence_url: evidenceUrl }),
    };
    const [entryId] = await appendLedger(trx, [{ unit: item.unit, item: item.code, kind: 'report', actor: input.actor, source: input.source, at: deps.now, details }]);
    const next = {
      percent: input.percent ?? state?.percent ?? null,
      status: input.status ?? state?.status ?? null,
      note: note ?? null,
      evidence_url: evidenceUrl ?? null,
      last_report_at: deps.now,
      last_report_by: input.actor,
      last_entry_id: entryId ?? null,
      updated_at: deps.now,
    };
    await trx
      .insertInto('item_state')
      .values({ item_code: item.code, ...next })
      .onConflict((conflict) => conflict.column('item_code').doUpdateSet(next))
      .execute();
    const unit = await trx.selectFrom('units').select(['channel_id', 'channel_ready_at']).where('code', '=', item.unit).executeTakeFirstOrThrow();
    // Only a channel the bot has set up (and so joined) gets the notice.
    if (unit.channel_id && unit.channel_ready_at) {
      await enqueue(
        trx,
        [
          {
            key: `report_notice:${entryId}`,
            kind: 'report_notice',
            lane: unit.channel_id,
            payload: { channel: unit.channel_id, item: item.code, title: item.title, actor: input.actor, ...details },
          },
        ],
        deps.now,
      );
    }
    return { ok: true as const, item, entryId: entryId ?? null, percent: next.percent, status: next.status, note: next.note, repeated: false };
  });
}
