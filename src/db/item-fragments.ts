import { sql } from 'kysely';

/** An item's owners in their order, for a query whose `items` row is in scope. */
export const ownersOfItem = () => sql<string[]>`coalesce((select array_agg(o.user_id order by o.position) from item_owners o where o.item_code = items.code), '{}')`;

/** An item's milestones in their order, for a query whose `items` row is in scope. */
export const milestonesOfItem = <T = { position: number; title: string; due: string; percent: number | null; completed: boolean }>() =>
  sql<T[]>`coalesce((select json_agg(json_build_object('position', m.position, 'title', m.title, 'due', m.due, 'percent', m.percent, 'completed', m.completed_at is not null) order by m.position) from milestones m where m.item_code = items.code), '[]')`;
