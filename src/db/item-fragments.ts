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

// The objects, from rows named so (supervision_orders), f (findings), i (inspections), u (units).
const listingObject = sql`json_build_object('code', so.code, 'cadence', so.cadence, 'issuer', so.issuer, 'state', so.state)`;
const findingObject = sql`json_build_object('inspection', f.inspection_code, 'by', i.by_unit, 'supervisor', u.supervisor_user, 'severity', f.severity)`;

/**
 * An item's owners in their order, for a query whose `items` row is in scope. As JSON, which
 * the drivers parse natively: a text[] goes through a JavaScript array parser, the largest
 * part of reading the tick's 50,000 items.
 */
export const ownersOfItem = () => sql<string[]>`coalesce((select json_agg(o.user_id order by o.position) from item_owners o where o.item_code = items.code), '[]'::json)`;

/** An item's milestones in their order, for a query whose `items` row is in scope. */
export const milestonesOfItem = <T = { position: number; title: string; due: string; percent: number | null; completed: boolean }>() =>
  sql<T[]>`coalesce((select json_agg(json_build_object('position', m.position, 'title', m.title, 'due', m.due, 'percent', m.percent, 'completed', m.completed_at is not null) order by m.position) from milestones m where m.item_code = items.code), '[]')`;

/** The open listed-supervision order of an item (挂牌督办), or null, for a query whose `items` row is in scope. */
export const listingOfItem = () => sql<Listing | null>`(select ${listingObject} from supervision_orders so where so.subject_code = items.code and so.state <> 'closed')`;

/** What makes an item a finding (its inspection, the inspecting unit and its supervisor), or null. */
export const findingOfItem = () =>
  sql<FindingOf | null>`(select ${findingObject} from findings f join inspections i on i.code = f.inspection_code join units u on u.code = i.by_unit where f.item_code = items.code)`;

/** The report round an item stands for (one unit's report in it), or null. */
export const roundOfItem = () => sql<string | null>`(select ru.round_code from report_round_units ru where ru.item_code = items.code)`;

/**
 * The listing, finding and report round of many items at once, as left joins rather than a
 * subquery per item (the tick reads tens of thousands): for a query with `items` in scope that
 * left-joins supervision_orders as so (open orders only), findings as f, inspections as i, units
 * as u and report_round_units as ru on the item, each at most one row per item (unique keys).
 */
export const joinedListing = () => sql<Listing | null>`case when so.code is null then null else ${listingObject} end`;
export const joinedFinding = () => sql<FindingOf | null>`case when f.item_code is null then null else ${findingObject} end`;
