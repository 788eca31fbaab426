import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { StatisticsInspection } from '../domain/statistics.js';
import { findingState, type FindingState } from '../domain/supervision.js';
import { isoWithOffset } from '../domain/time.js';
import type { Light } from '../domain/lights.js';
import { loadItemStates } from './item-states.js';

export interface SupervisionExportDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** One row of the `findings` export (SPEC §3). */
export interface FindingRow {
  unit: string;
  inspection: string;
  code: string;
  title: string;
  severity: string;
  item: string | null;
  owners: string[];
  due: string;
  percent: number | null;
  status: string | null;
  light: Light;
  state: FindingState;
  listed: string;
  closed_at: string | null;
  verification: string | null;
}

/** One row of the `supervision` export (SPEC §3): a listed-supervision order. */
export interface OrderRow {
  code: string;
  subject: string;
  issuer: string;
  reason: string;
  due: string;
  state: string;
  closed_at: string | null;
}

export const findingColumns = ['unit', 'inspection', 'code', 'title', 'severity', 'item', 'owners', 'due', 'percent', 'status', 'light', 'state', 'listed', 'closed_at', 'verification'] as const;
export const orderColumns = ['code', 'subject', 'issuer', 'reason', 'due', 'state', 'closed_at'] as const;

/**
 * Every finding (of the inspected units given), with its light and state from the same item
 * states the digests and the `items` export use, so that their numbers agree.
 * `verification` is the last one recorded, as `method/result`.
 */
export async function exportFindings(deps: SupervisionExportDeps, units?: string[]): Promise<FindingRow[]> {
  const states = (await loadItemStates(deps, units ? { units } : {})).filter((item) => item.finding);
  if (states.length === 0) return [];
  const rows = await deps.db
    .selectFrom('findings')
    .innerJoin('items', 'items.code', 'findings.item_code')
    .select(['findings.item_code', 'findings.concerns_item', 'findings.verification', 'items.closed_at'])
    .where('findings.item_code', 'in', states.map((item) => item.code))
    .execute();
  const extra = new Map(rows.map((row) => [row.item_code, row]));
  return states.map((item) => {
    const row = extra.get(item.code);
    const verification = row?.verification;
    return {
      unit: item.unit,
      inspection: item.finding?.inspection ?? '',
      code: item.code,
      title: item.title,
      severity: item.finding?.severity ?? '',
      item: row?.concerns_item ?? null,
      owners: item.owners,
      due: item.due,
      percent: item.percent,
      status: item.status,
      light: item.light,
      state: findingState(item),
      listed: item.listed ?? '',
      closed_at: row?.closed_at ? isoWithOffset(row.closed_at, deps.timeZone) : null,
      verification: verification ? `${verification.method}/${verification.result}` : null,
    };
  });
}

/** Every listed-supervision order (of subjects in the units given), by code. */
export async function exportSupervision(deps: SupervisionExportDeps, units?: string[]): Promise<OrderRow[]> {
  let query = deps.db.selectFrom('supervision_orders').selectAll().orderBy('code');
  if (units) query = query.where('unit_code', 'in', units.length ? units : ['']);
  return (await query.execute()).map((order) => ({
    code: order.code,
    subject: order.subject_code,
    issuer: order.issuer,
    reason: order.reason,
    due: order.due,
    state: order.state,
    closed_at: order.closed_at ? isoWithOffset(order.closed_at, deps.timeZone) : null,
  }));
}

/** The inspections with their findings, as the statistics count them. */
export async function inspectionFacts(db: Kysely<Database>): Promise<StatisticsInspection[]> {
  const [inspections, findings] = await Promise.all([
    db.selectFrom('inspections').select(['code', 'unit_code', 'starts_on']).execute(),
    db.selectFrom('findings').innerJoin('items', 'items.code', 'findings.item_code').select(['findings.inspection_code', 'items.due', 'items.closed_at']).execute(),
  ]);
  const byInspection = new Map<string, { due: string; closed: boolean }[]>();
  for (const finding of findings) {
    const list = byInspection.get(finding.inspection_code) ?? [];
    list.push({ due: finding.due, closed: finding.closed_at !== null });
    byInspection.set(finding.inspection_code, list);
  }
  return inspections.map((inspection) => ({ unit: inspection.unit_code, from: inspection.starts_on, findings: byInspection.get(inspection.code) ?? [] }));
}

/**
 * Coverage of inspections (SPEC §2.7, the seed's "at least every half year"): the units with no
 * inspection that ended on or after `since` (six months back), by code.
 */
export async function uninspectedUnits(db: Kysely<Database>, since: string, units?: string[]): Promise<string[]> {
  let query = db
    .selectFrom('units')
    .select('code')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('inspections').select('inspections.code').whereRef('inspections.unit_code', '=', 'units.code').where('inspections.ends_on', '>=', since))))
    .orderBy('code');
  if (units) query = query.where('code', 'in', units.length ? units : ['']);
  return (await query.execute()).map((row) => row.code);
}
