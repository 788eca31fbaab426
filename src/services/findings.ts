import { sql, type Kysely } from 'kysely';
import { ownersOfItem } from '../db/item-fragments.js';
import type { Database } from '../db/schema.js';
import { mayReport } from '../domain/permissions.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { requestApproval } from './approvals.js';

export interface FindingDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

export interface ExtensionRequest {
  actor: string;
  code: string;
  /** The new deadline asked for (YYYY-MM-DD). */
  to: string;
  because: string;
  source: 'modal' | 'button';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function findFinding(db: Kysely<Database>, code: string, actor: string, today: string) {
  return db
    .selectFrom('findings')
    .innerJoin('items', 'items.code', 'findings.item_code')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .innerJoin('units', 'units.code', 'lists.unit_code')
    .select([
      'items.code',
      'items.title',
      'items.due',
      'items.closed_at',
      'units.code as unit',
      'units.head_user',
      ownersOfItem().as('owners'),
      sql<string[]>`coalesce((select array_agg(d.user_id) from deputies d where d.deputy_user = ${actor} and d.starts_on <= ${today} and d.ends_on >= ${today}), '{}')`.as('standing_in_for'),
    ])
    .where(sql<string>`lower(items.code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

type Checked = { ok: true; finding: { code: string; title: string; due: string; unit: string } } | { ok: false; refusal: Message };

/**
 * Whether a person may ask to extend a finding's deadline: its owners or its unit's head (or their
 * deputies), while it is open and before the deadline has passed (SPEC §2.7).
 */
export async function checkExtension(deps: FindingDeps, actor: string, code: string): Promise<Checked> {
  const today = localDate(deps.now, deps.timeZone);
  const finding = await findFinding(deps.db, code, actor, today);
  if (!finding) return { ok: false, refusal: { key: 'finding.unknown', params: { code } } };
  if (finding.closed_at) return { ok: false, refusal: { key: 'progress.closed', params: { code: finding.code } } };
  if (!mayReport(actor, { owners: finding.owners, unitHead: finding.head_user }, finding.standing_in_for)) return { ok: false, refusal: { key: 'progress.notYours', params: { code: finding.code } } };
  if (today > finding.due) return { ok: false, refusal: { key: 'finding.extensionLate', params: { code: finding.code, due: finding.due } } };
  return { ok: true, finding: { code: finding.code, title: finding.title, due: finding.due, unit: finding.unit } };
}

/**
 * Asks the inspecting unit's supervisor to move a finding's deadline: an `extension` request
 * (decided like a claim; its approval moves the due date) and its ledger entry. Refuses, writing
 * nothing, what `checkExtension` refuses, a date not after the deadline, an empty reason and a
 * second request while one waits.
 */
export async function requestExtension(deps: FindingDeps, request: ExtensionRequest): Promise<Checked & { field?: 'to' | 'because' }> {
  const because = request.because.trim();
  return deps.db.transaction().execute(async (trx) => {
    const checked = await checkExtension({ ...deps, db: trx }, request.actor, request.code);
    if (!checked.ok) return checked;
    const { finding } = checked;
    if (!DATE.test(request.to) || request.to <= finding.due) return { ok: false as const, refusal: { key: 'finding.extensionNotLater', params: { due: finding.due } } as Message, field: 'to' as const };
    if (!because) return { ok: false as const, refusal: { key: 'finding.extensionReason' } as Message, field: 'because' as const };
    const id = await requestApproval(
      trx,
      { kind: 'extension', unit: finding.unit, item: finding.code, requestedBy: request.actor, source: request.source, details: { title: finding.title, from: finding.due, to: request.to, because } },
      deps.now,
      deps.timeZone,
    );
    if (id === null) return { ok: false as const, refusal: { key: 'finding.extensionPending', params: { code: finding.code } } as Message };
    return checked;
  });
}
