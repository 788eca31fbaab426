import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Unit } from '../db/schema.js';
import { enqueue, type OutboxMessage } from '../outbox/outbox.js';
import type { MembershipState } from '../domain/vocabulary.js';
import { appendLedger } from './ledger.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What a unit's people are to it. */
export type UnitRole = 'head' | 'supervisor' | 'owner';

/** A unit whose channel set-up is not finished, with the people still to be brought in. */
export type UnitNeedingSetup = Pick<Unit, 'code' | 'name' | 'channel_name' | 'channel_id' | 'channel_ready_at' | 'channel_move_requested_at' | 'head_user' | 'supervisor_user'> & {
  /** People of the unit without a `unit_members` row: head first, then supervisor, then owners. */
  pending: string[];
};

/** How inviting one person ended: a member, refused by Slack (`detail` says why), or deactivated. */
export interface MemberResult {
  user: string;
  state: MembershipState;
  detail?: string | null;
}

/** The channel the bot now holds for a unit. */
export interface ChannelRecord {
  channelId: string;
  /** The name Slack has for it (recorded in the ledger; `units.channel_name` keeps the configured name). */
  channelName: string;
  /** An existing channel taken over rather than one the bot created. */
  adopted: boolean;
}

interface PersonOfUnit {
  unit_code: string;
  user_id: string;
  role: UnitRole;
  item_code: string | null;
}

/** Head, supervisor and the owners of every item on the unit's lists, in that order (one row per role and item). */
function peopleOfUnits(db: Executor, options: { units?: string[]; user?: string; pendingAt?: Date }) {
  const units = options.units ? sql`and p.unit_code in (${sql.join(options.units)})` : sql``;
  const user = options.user !== undefined ? sql`and p.user_id = ${options.user}` : sql``;
  // Pending: never brought in, or an invite that failed and whose retry is due.
  const pending = options.pendingAt
    ? sql`and not exists (select 1 from unit_members m where m.unit_code = p.unit_code and m.user_id = p.user_id
        and (m.state <> 'failed' or (m.retry_at is not null and m.retry_at > ${options.pendingAt})))`
    : sql``;
  return sql<PersonOfUnit>`
    with people_of as (
      select code as unit_code, head_user as user_id, 'head' as role, 0 as rank, null::text as item_code, 0 as position
        from units where head_user is not null
      union all
      select code, supervisor_user, 'supervisor', 1, null, 0 from units where supervisor_user is not null
      union all
      -- The supervisor of a unit that inspected this one decides its findings' closure, here.
      select distinct i.unit_code, u.supervisor_user, 'supervisor', 1, null::text, 0
        from inspections i join units u on u.code = i.by_unit where u.supervisor_user is not null
      union all
      select l.unit_code, o.user_id, 'owner', 2, o.item_code, o.position
        from item_owners o join items i on i.code = o.item_code join lists l on l.id = i.list_id
    )
    select p.unit_code, p.user_id, p.role, p.item_code from people_of p
    where true ${units} ${user} ${pending}
    order by p.unit_code, p.rank, p.item_code, p.position
  `.execute(db);
}

/**
 * Units whose channel set-up is not finished at `at`: no channel the bot is known to be in, a
 * move to another channel asked for by a re-import and not done yet, or a head, supervisor or
 * owner not yet brought in — no `unit_members` row, or a failed invite
 * whose retry is due (a deactivated person is not invited again). One set-based read for all
 * units; `units` narrows it to some.
 *
 * @example
 * for (const unit of await unitsNeedingSetup(db, { at: new Date() })) console.log(unit.code, unit.pending);
 */
export async function unitsNeedingSetup(db: Kysely<Database>, options: { at: Date; units?: string[] }): Promise<UnitNeedingSetup[]> {
  if (options.units?.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const { rows } = await peopleOfUnits(trx, { units: options.units, pendingAt: options.at });
    const pending = new Map<string, string[]>();
    for (const row of rows) {
      const users = pending.get(row.unit_code) ?? [];
      if (!users.includes(row.user_id)) users.push(row.user_id);
      pending.set(row.unit_code, users);
    }
    let query = trx
      .selectFrom('units')
      .select(['code', 'name', 'channel_name', 'channel_id', 'channel_ready_at', 'channel_move_requested_at', 'head_user', 'supervisor_user'])
      .orderBy('created_at')
      .orderBy('code');
    if (options.units) query = query.where('code', 'in', options.units);
    const units = await query.execute();
    return units
      .filter((unit) => unit.channel_ready_at === null || unit.channel_move_requested_at !== null || pending.has(unit.code))
      .map((unit) => ({ ...unit, pending: pending.get(unit.code) ?? [] }));
  });
}

/** The unit that already holds a channel, if any: a channel serves one unit only. */
export async function channelHolder(db: Kysely<Database>, channelId: string): Promise<string | undefined> {
  const row = await db.selectFrom('units').select('code').where('channel_id', '=', channelId).executeTakeFirst();
  return row?.code;
}

/**
 * Records that the bot is in the unit's channel: channel id, ready, no error, a ledger entry, and
 * the channel's welcome message (once per unit and channel: its outbox key). Recording the channel
 * already recorded changes nothing (and ends a move asked for to that very channel). Another
 * channel than the unit's is either a move a re-import asked for (`channel_moved` on the ledger,
 * with the old and the new channel; the old channel is told where the unit went, and the welcome
 * in the new one says where it came from) or a replacement for a channel that is gone
 * (`channel_set_up` with `replaces`). Either way who was brought into the old channel is
 * forgotten, so that they are invited again, and the messages still queued for the old channel go
 * to the new one.
 *
 * @returns whether anything changed, whether the members were forgotten, whether it was a move,
 *   and, when the channel already serves another unit (nothing is written then), that unit's code.
 * @example
 * await recordChannel(db, 'JS-NJ', { channelId: 'C123', channelName: 'zr-js-nj', adopted: false }, now);
 */
export async function recordChannel(
  db: Kysely<Database>,
  unit: string,
  channel: ChannelRecord,
  at: Date,
): Promise<{ changed: boolean; membersReset: boolean; moved: boolean; heldBy?: string }> {
  return db.transaction().execute(async (trx) => {
    // Two runs adopting one channel for two units at once must not both succeed.
    await sql`select pg_advisory_xact_lock(hashtext(${`zeren:channel:${channel.channelId}`}))`.execute(trx);
    const current = await trx
      .selectFrom('units')
      .select(['name', 'channel_id', 'channel_ready_at', 'channel_move_requested_at'])
      .where('code', '=', unit)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const moveRequested = current.channel_move_requested_at !== null;
    if (current.channel_id === channel.channelId && current.channel_ready_at !== null) {
      // The channel asked for is the one the unit is in (renamed in Slack, say): no move.
      if (moveRequested) await trx.updateTable('units').set({ channel_move_requested_at: null, channel_error: null }).where('code', '=', unit).execute();
      return { changed: false, membersReset: false, moved: false };
    }
    const holder = await trx.selectFrom('units').select('code').where('channel_id', '=', channel.channelId).where('code', '<>', unit).executeTakeFirst();
    if (holder) return { changed: false, membersReset: false, moved: false, heldBy: holder.code };

    const old = current.channel_id !== null && current.channel_id !== channel.channelId ? current.channel_id : null;
    const moved = old !== null && moveRequested;
    if (old !== null) {
      await trx.deleteFrom('unit_members').where('unit_code', '=', unit).execute();
      await followToChannel(trx, old, channel.channelId);
    }
    await trx
      .updateTable('units')
      .set({ channel_id: channel.channelId, channel_ready_at: at, channel_error: null, channel_move_requested_at: null, updated_at: at })
      .where('code', '=', unit)
      .execute();
    const set = { channel_id: channel.channelId, channel_name: channel.channelName, adopted: channel.adopted };
    const oldName = old !== null && moved ? await setUpChannelName(trx, unit, old) : null;
    await appendLedger(trx, [
      moved
        ? { unit, kind: 'channel_moved', actor: 'system', source: 'system', at, details: { ...set, from_channel_id: old, from_channel_name: oldName } }
        : { unit, kind: 'channel_set_up', actor: 'system', source: 'system', at, details: { ...set, ...(old !== null ? { replaces: old } : {}) } },
    ]);
    const messages: OutboxMessage[] = [
      {
        key: `channel_welcome:${unit}:${channel.channelId}`,
        kind: 'channel_welcome',
        lane: channel.channelId,
        payload: { unit, name: current.name, ...(moved ? { moved_from: old } : {}) },
      },
    ];
    if (moved) {
      messages.push({ key: `channel_moved:${unit}:${old}:${channel.channelId}`, kind: 'channel_moved', lane: old, payload: { unit, name: current.name, to: channel.channelId } });
    }
    await enqueue(trx, messages, at);
    return { changed: true, membersReset: old !== null, moved };
  });
}

/** Messages still waiting for the unit's old channel go to its new one (a prompt, a notice, a digest). */
async function followToChannel(trx: Transaction<Database>, from: string, to: string): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({
      lane: sql<string>`case when lane = ${from} then ${to} else lane end`,
      payload: sql<string>`case when payload->>'channel' = ${from} then jsonb_set(payload, '{channel}', to_jsonb(${to}::text)) else payload end`,
    })
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('lane', '=', from), eb(sql<string>`payload->>'channel'`, '=', from)]))
    .execute();
}

/** The Slack name the unit's channel had when it was set up or moved to, from the ledger. */
export async function setUpChannelName(db: Executor, unit: string, channelId: string): Promise<string | null> {
  const row = await db
    .selectFrom('ledger')
    .select(sql<string | null>`details->>'channel_name'`.as('name'))
    .where('unit_code', '=', unit)
    .where('kind', 'in', ['channel_set_up', 'channel_moved'])
    .where(sql<string>`details->>'channel_id'`, '=', channelId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.name ?? null;
}

// A failed invite is tried again after 1, 2, 4, … minutes, at most every six hours.
const FIRST_RETRY_MINUTES = 1;
const MAX_RETRY_MINUTES = 360;

/**
 * Records how inviting each person ended. A failed invite is remembered with its count and the
 * time of its next try (backing off), so that a later set-up run invites that person again
 * rather than forgetting them. A deactivated person is marked so in `people`, and
 * the unit head (the supervisor when the head is the one deactivated) gets one direct message,
 * once ever, naming the items that person owns in the unit.
 *
 * @returns how many deactivation notices were newly queued.
 * @example
 * await recordMembers(db, 'JS-NJ', [{ user: 'U1', state: 'member' }, { user: 'U2', state: 'deactivated', detail: 'deleted' }], now);
 */
export async function recordMembers(db: Kysely<Database>, unit: string, results: MemberResult[], at: Date): Promise<{ flagged: number }> {
  if (results.length === 0) return { flagged: 0 };
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('unit_members')
      .values(
        results.map((result) => {
          const failed = result.state === 'failed';
          return {
            unit_code: unit,
            user_id: result.user,
            state: result.state,
            detail: result.detail ?? null,
            attempts: failed ? 1 : 0,
            retry_at: failed ? new Date(at.getTime() + FIRST_RETRY_MINUTES * 60_000) : null,
            updated_at: at,
          };
        }),
      )
      .onConflict((conflict) =>
        conflict.columns(['unit_code', 'user_id']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          detail: eb.ref('excluded.detail'),
          attempts: sql<number>`case when excluded.state = 'failed' then unit_members.attempts + 1 else 0 end`,
          retry_at: sql<Date | null>`case when excluded.state = 'failed'
            then excluded.updated_at + make_interval(mins => least(${FIRST_RETRY_MINUTES}::int * power(2, least(unit_members.attempts, 20))::int, ${MAX_RETRY_MINUTES}::int))
            end`,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    // The step worked: an error from an earlier attempt no longer describes the unit.
    await trx.updateTable('units').set({ channel_error: null }).where('code', '=', unit).where('channel_error', 'is not', null).execute();

    const deactivated = results.filter((result) => result.state === 'deactivated').map((result) => result.user);
    if (deactivated.length === 0) return { flagged: 0 };
    await trx
      .insertInto('people')
      .values(deactivated.map((user_id) => ({ user_id, deactivated: true, updated_at: at })))
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ deactivated: true, updated_at: at }))
      .execute();

    const { head_user: head, supervisor_user: supervisor } = await trx
      .selectFrom('units')
      .select(['head_user', 'supervisor_user'])
      .where('code', '=', unit)
      .executeTakeFirstOrThrow();
    const messages: OutboxMessage[] = [];
    for (const user of deactivated) {
      const lane = [head, supervisor].find((person) => person !== null && person !== user);
      if (!lane) continue;
      const { rows } = await peopleOfUnits(trx, { units: [unit], user });
      messages.push({
        key: `member_deactivated:${unit}:${user}`,
        kind: 'member_deactivated',
        payload: {
          unit,
          user,
          roles: [...new Set(rows.map((row) => row.role))],
          items: [...new Set(rows.flatMap((row) => (row.item_code === null ? [] : [row.item_code])))],
        },
        lane,
      });
    }
    return { flagged: await enqueue(trx, messages, at) };
  });
}

/** Records why the unit's channel could not be set up; the next run tries again. */
export async function recordChannelError(db: Kysely<Database>, unit: string, error: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('units').set({ channel_error: error, updated_at: at }).where('code', '=', unit).execute();
  });
}

/**
 * Records that the bot is no longer in the unit's channel (Slack answered `not_in_channel`,
 * `is_archived` or `channel_not_found`): nothing is posted there until the next set-up run has
 * joined it again or replaced it.
 */
export async function recordChannelLost(db: Kysely<Database> | Transaction<Database>, unit: string, reason: string, at: Date): Promise<void> {
  await db.updateTable('units').set({ channel_ready_at: null, channel_error: reason, updated_at: at }).where('code', '=', unit).execute();
}
