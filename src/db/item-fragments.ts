import { sql } from 'kysely';

/** An item's open listed-supervision order (挂牌督办). */
export interface Listing {
  code: string;
  cadence: 'weekly' | 'biweekly' | 'monthly';
  issuer: string;
  state: 'open' | 'closure_requested';
}

/** What makes an item a finding: its inspection, the inspecting unit and its supervisor. */
export interface FindingOf {
  inspection: string;
  by: string;
  supervisor: string | null;
  severity: 'minor' | 'major' | 'serious';
}

/**
 * An item's owners in their order, for a query whose `items` row is in scope. As JSON, which
 * the drivers parse natively: a text[] goes through a JavaScript array parser, the largest
 * part of reading the tick's 50,000 items.
 */
export const ownersOfItem = () => sql<string[]>`coalesce((select json_agg(o.user_id order by o.position) from item_owners o where o.item_code = items.code), '[]'::json)`;

/** An item's milestones in their order, for a query whose `items` row is in scope. */
export const milestonesOfItem = <T = { position: number; title: string; due: string; percent: number | null; completed: boolean }>() =>
  sql<T[]>`coalesce((select json_agg(json_build_object('position', m.position, 'title', m.title, 'due', m.due, 'percent', m.percent, 'completed', m.completed_at is not null) order by m.position) from milestones m where m.item_code = items.code), '[]')`;

/** The report round an item stands for (one unit's report in it), or null. */
export const roundOfItem = () => sql<string | null>`(select ru.round_code from report_round_units ru where ru.item_code = items.code)`;

/**
 * An item's open listed-supervision order, or null, and what makes it a finding, or null: as
 * left joins rather than a subquery per item (the tick and the digests read tens of thousands),
 * for a query with `items` in scope that left-joins supervision_orders as so (open orders only),
 * findings as f, inspections as i (f's) and units as u (i's inspecting unit) on the item; each is
 * at most one row per item (unique keys: one open order per subject, one finding per item).
 */
export const joinedListing = () =>
  sql<Listing | null>`case when so.code is null then null else json_build_object('code', so.code, 'cadence', so.cadence, 'issuer', so.issuer, 'state', so.state) end`;
export const joinedFinding = () =>
  sql<FindingOf | null>`case when f.item_code is null then null else json_build_object('inspection', f.inspection_code, 'by', i.by_unit, 'supervisor', u.supervisor_user, 'severity', f.severity) end`;
