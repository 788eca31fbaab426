import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { channelNameFor } from '../../domain/channel-name.js';
import { setUpChannelName } from '../channels.js';
import type { PolicyScope } from '../../domain/vocabulary.js';
import type { PolicyInput } from './document.js';
import type { Bundle } from './validate.js';

export type Entity = 'units' | 'lists' | 'items' | 'policies' | 'calendar' | 'cases' | 'inspections' | 'findings' | 'supervision' | 'report_rounds' | 'reviews';
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** One thing the import creates or changes, with the old and new value of each field. */
export interface Change {
  entity: Entity;
  ref: string;
  action: 'created' | 'updated';
  fields: Record<string, { from: Value; to: Value }>;
}

/** A unit already set up in a channel that the import gives another one: channel set-up moves it. */
export interface ChannelMove {
  unit: string;
  /** The channel the unit is in now: its id, and the name Slack had for it when it was set up. */
  from: { id: string; name: string | null };
  /** The name of the channel it moves to (adopted, or created; `-2`, `-3`, … when that name cannot serve). */
  to: string;
}

export interface Plan {
  changes: Change[];
  unchanged: Record<Entity, number>;
  /** Changes to items of signed lists: not applied, but requested of the unit head. */
  requested: Change[];
  /** Units moving to another channel (shown by a dry run, asked of channel set-up by a real one). */
  moves: ChannelMove[];
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

function diff(ref: string, entity: Entity, before: Record<string, Value> | undefined, after: Record<string, Value>): Change | null {
  const fields: Change['fields'] = {};
  for (const [field, to] of Object.entries(after)) {
    const from = before?.[field] ?? null;
    if (!before || !same(from, to)) fields[field] = { from, to };
  }
  if (before && Object.keys(fields).length === 0) return null;
  return { entity, ref, action: before ? 'updated' : 'created', fields };
}

const policyFields = (policy: PolicyInput | undefined) =>
  Object.fromEntries(Object.entries(policy ?? {}).filter(([, value]) => value !== undefined)) as Record<string, Value>;

/** Units ordered so that a parent comes before its children, for the foreign key. */
function parentsFirst<T extends { value: { code: string; parent?: string | undefined } }>(units: T[]): T[] {
  const byCode = new Map(units.map((unit) => [unit.value.code, unit]));
  const ordered: T[] = [];
  const visit = (unit: T, seen: Set<string>) => {
    if (ordered.includes(unit) || seen.has(unit.value.code)) return;
    seen.add(unit.value.code);
    const parent = unit.value.parent && byCode.get(unit.value.parent);
    if (parent) visit(parent, seen);
    ordered.push(unit);
  };
  for (const unit of units) visit(unit, new Set());
  return ordered;
}

/** Compares the bundle with the database and lists what would change; reads only. */
export async function planImport(trx: Transaction<Database>, bundle: Bundle, today: string): Promise<Plan> {
  const changes: Change[] = [];
  const unchanged: Plan['unchanged'] = { units: 0, lists: 0, items: 0, policies: 0, calendar: 0, cases: 0, inspections: 0, findings: 0, supervision: 0, report_rounds: 0, reviews: 0 };
  const record = (change: Change | null, entity: Entity) => (change ? changes.push(change) : unchanged[entity]++);
  const moves: ChannelMove[] = [];

  const unitCodes = bundle.units.map((unit) => unit.value.code);
  const units = new Map(
    unitCodes.length
      ? (await trx.selectFrom('units').selectAll().where('code', 'in', unitCodes).execute()).map((unit) => [unit.code, unit])
      : [],
  );
  for (const { value: unit } of parentsFirst(bundle.units)) {
    const existing = units.get(unit.code);
    const fields = (row: { name: string; parent_code: string | null; head_user: string | null; supervisor_user: string | null; channel_name: string | null }) => ({
      name: row.name,
      parent: row.parent_code,
      head: row.head_user,
      supervisor: row.supervisor_user,
      channel: row.channel_name,
    });
    const desired = fields({
      name: unit.name,
      parent_code: unit.parent ?? null,
      head_user: unit.head ?? null,
      supervisor_user: unit.supervisor ?? null,
      channel_name: unit.channel ?? null,
    });
    const change = diff(unit.code, 'units', existing && fields(existing), desired);
    record(change, 'units');
    if (existing?.channel_id && change && 'channel' in change.fields) {
      const move = await channelMove(trx, existing as typeof existing & { channel_id: string }, unit.channel ?? null);
      if (move) moves.push(move);
    }
  }

  const lists = await trx.selectFrom('lists').select(['id', 'unit_code', 'year']).where('kind', '=', 'responsibility').execute();
  const listId = (unit: string, year: number) => lists.find((list) => list.unit_code === unit && list.year === year)?.id;
  const itemCodes = bundle.lists.flatMap((list) => list.items.map((item) => item.value.code));
  const items = new Map(
    itemCodes.length ? (await trx.selectFrom('items').selectAll().where('code', 'in', itemCodes).execute()).map((item) => [item.code, item]) : [],
  );
  const owners = await ownersOf(trx, itemCodes);
  const milestones = await milestonesOf(trx, itemCodes);
  for (const list of bundle.lists) {
    const ref = `${list.unit}/${list.year}`;
    record(listId(list.unit, list.year) ? null : diff(ref, 'lists', undefined, { unit: list.unit, year: list.year }), 'lists');
    for (const { value: item } of list.items) {
      const existing = items.get(item.code);
      const desired: Record<string, Value> = {
        list: ref,
        title: item.title,
        responsibility: item.responsibility,
        target: item.target ?? null,
        department: item.department ?? null,
        measures: item.measures ?? null,
        owners: item.owners,
        // Without a start in the file, an existing item keeps the start it was given; a new one
        // starts on the import day (or on its due date, if that has passed).
        start: item.start ?? existing?.start ?? (today < item.due ? today : item.due),
        due: item.due,
        cadence: item.cadence,
        milestones: item.milestones.map((m) => ({ title: m.title, due: m.due, percent: m.percent ?? null })),
      };
      const before = existing && {
        list: ref,
        title: existing.title,
        responsibility: existing.responsibility,
        target: existing.target,
        department: existing.department,
        measures: existing.measures,
        owners: owners.get(existing.code) ?? [],
        start: existing.start,
        due: existing.due,
        cadence: existing.cadence,
        milestones: milestones.get(existing.code) ?? [],
      };
      record(diff(item.code, 'items', before, desired), 'items');
    }
  }

  const scopes: { scope: PolicyScope; ref: string; policy: PolicyInput }[] = [];
  if (bundle.policy) scopes.push({ scope: 'global', ref: '', policy: bundle.policy.value });
  for (const unit of bundle.units) if (unit.value.policy) scopes.push({ scope: 'unit', ref: unit.value.code, policy: unit.value.policy });
  for (const list of bundle.lists) if (list.policy) scopes.push({ scope: 'list', ref: `${list.unit}/${list.year}`, policy: list.policy.value });
  for (const { scope, ref, policy } of scopes) {
    const existing = await trx.selectFrom('policies').selectAll().where('scope', '=', scope).where('ref', '=', ref).executeTakeFirst();
    const desired = policyFields(policy);
    // Fields the file leaves out keep their stored value.
    const before = existing && (Object.fromEntries(Object.keys(desired).map((key) => [key, existing[key as keyof typeof existing]])) as Record<string, Value>);
    record(diff(`${scope}:${ref}`, 'policies', before, desired), 'policies');
  }

  const days = bundle.calendar.map((day) => day.value.date);
  const calendar = new Map(
    days.length ? (await trx.selectFrom('calendar_days').selectAll().where('day', 'in', days).execute()).map((day) => [day.day, day]) : [],
  );
  for (const { value: day } of bundle.calendar) {
    const existing = calendar.get(day.date);
    record(
      diff(day.date, 'calendar', existing && { working: existing.working, name: existing.name }, { working: day.working, name: day.name ?? null }),
      'calendar',
    );
  }
  return { changes, unchanged, requested: [], moves };
}

/**
 * Whether another `channel` for a unit with a channel moves it: when the name it asks for is
 * neither the one the unit was set up under nor the Slack name of the channel it is in (a
 * `channel` given to name the channel the unit already has moves nothing).
 */
async function channelMove(
  trx: Transaction<Database>,
  unit: { code: string; channel_id: string; channel_name: string | null },
  channel: string | null,
): Promise<ChannelMove | null> {
  const to = channelNameFor({ code: unit.code, channel_name: channel });
  const name = await setUpChannelName(trx, unit.code, unit.channel_id);
  if (to === channelNameFor(unit) || to === name) return null;
  return { unit: unit.code, from: { id: unit.channel_id, name }, to };
}

async function ownersOf(trx: Transaction<Database>, codes: string[]) {
  const owners = new Map<string, string[]>();
  if (!codes.length) return owners;
  const rows = await trx.selectFrom('item_owners').selectAll().where('item_code', 'in', codes).orderBy('position').execute();
  for (const row of rows) owners.set(row.item_code, [...(owners.get(row.item_code) ?? []), row.user_id]);
  return owners;
}

async function milestonesOf(trx: Transaction<Database>, codes: string[]) {
  const milestones = new Map<string, Value[]>();
  if (!codes.length) return milestones;
  const rows = await trx.selectFrom('milestones').selectAll().where('item_code', 'in', codes).orderBy('position').execute();
  for (const row of rows) {
    milestones.set(row.item_code, [...(milestones.get(row.item_code) ?? []), { title: row.title, due: row.due, percent: row.percent }]);
  }
  return milestones;
}
