import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays } from '../domain/calendar.js';
import type { DeputyPeriod } from '../domain/deputy-period.js';
import { checkDeputyNaming, type DeputyField, type DutyUnit } from '../domain/deputy-rules.js';
import { localDate } from '../domain/time.js';
import type { Message } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { appendLedger } from './ledger.js';

export interface DeputyDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  /** ZEREN_ADMINS: may name a deputy for anyone, and hear of a root unit head's deputy. */
  admins: readonly string[];
  /** ZEREN_DEPUTY_MAX_DAYS: the longest period. */
  maxDays: number;
}

/** The deputy periods of a person that are in force or to come, soonest first. */
export async function deputiesOf(db: Kysely<Database>, user: string, today: string): Promise<DeputyPeriod[]> {
  const rows = await db.selectFrom('deputies').selectAll().where('user_id', '=', user).where('ended_at', 'is', null).where('ends_on', '>=', today).orderBy('starts_on').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, deputy: row.deputy_user, startsOn: row.starts_on, endsOn: row.ends_on }));
}

type Duty = DutyUnit & { parentCode: string | null; parentSupervisor: string | null };

/** The units where a person has a duty: heads it, supervises it, owns an item of it or is in its channel. */
async function dutiesOf(db: Transaction<Database>, user: string): Promise<Duty[]> {
  const rows = await sql<{ code: string; role: 'head' | 'member'; head_user: string | null; parent_code: string | null; parent_head: string | null; parent_supervisor: string | null }>`
    select u.code, case when u.head_user = ${user} then 'head' else 'member' end as role, u.head_user, u.parent_code,
      p.head_user as parent_head, p.supervisor_user as parent_supervisor
    from units u left join units p on p.code = u.parent_code
    where u.head_user = ${user} or u.supervisor_user = ${user}
      or exists (select 1 from unit_members m where m.unit_code = u.code and m.user_id = ${user} and m.state = 'member')
      or exists (select 1 from item_owners o join items i on i.code = o.item_code join lists l on l.id = i.list_id where l.unit_code = u.code and o.user_id = ${user})
    order by u.code`.execute(db);
  return rows.rows.map((row) => ({ code: row.code, role: row.role, head: row.head_user, parentHead: row.parent_head, parentCode: row.parent_code, parentSupervisor: row.parent_supervisor }));
}

/**
 * A head's deputy is told to the parent unit's supervisor (its head when it has none); a root
 * unit's head's deputy to the admins.
 */
function witnessesOf(duties: Duty[], admins: readonly string[]): { unit: string; to: string }[] {
  return duties
    .filter((duty) => duty.role === 'head')
    .flatMap((duty) => {
      const above = duty.parentCode ? duty.parentSupervisor ?? duty.parentHead : null;
      return (duty.parentCode ? (above ? [above] : []) : [...admins]).map((to) => ({ unit: duty.code, to }));
    });
}

export interface DeputyNamingRequest {
  actor: string;
  /** For whom; the actor themself by default. */
  user?: string;
  deputy: string;
  startsOn: string;
  endsOn: string;
  /** Identifies the form (the view id): the same form submitted again names nothing more. */
  requestKey: string;
}

export type DeputyNamingOutcome = { ok: true; repeated: boolean; id: number | null } | { ok: false; refusal: Message; field: DeputyField };

/**
 * Names a deputy for a period: prompts, reminders, approvals and escalations meant for the person
 * go to the deputy meanwhile, and the deputy may report for them (never decide their claims:
 * src/domain/four-eyes.ts). A `deputy_named` ledger entry on every unit where the person has a
 * duty, and a notice to the parent unit's supervisor when the person is a head, in the same
 * transaction. Refuses, writing nothing, what src/domain/deputy-rules.ts refuses, a deactivated
 * deputy and a period overlapping one already named.
 */
export async function nameDeputy(deps: DeputyDeps, request: DeputyNamingRequest): Promise<DeputyNamingOutcome> {
  const user = request.user ?? request.actor;
  const today = localDate(deps.now, deps.timeZone);
  const refuse = (refusal: Message, field: DeputyField): never => {
    throw new Refused({ ok: false, refusal, field });
  };
  return deps.db.transaction().execute(async (trx): Promise<DeputyNamingOutcome> => {
    const duties = await dutiesOf(trx, user);
    const refusal = checkDeputyNaming({ ...request, user, today, maxDays: deps.maxDays, admins: deps.admins, duties });
    if (refusal) return { ok: false, refusal: { key: refusal.key, params: refusal.params } as Message, field: refusal.field };
    await trx
      .insertInto('people')
      .values([{ user_id: user }, { user_id: request.deputy }])
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .execute();
    // One naming at a time per person, so that two forms cannot both pass the overlap check.
    await trx.selectFrom('people').select('user_id').where('user_id', '=', user).forUpdate().execute();
    const deputy = await trx.selectFrom('people').select('deactivated').where('user_id', '=', request.deputy).executeTakeFirstOrThrow();
    if (deputy.deactivated) refuse({ key: 'deputy.deactivated' }, 'deputy');
    const key = `deputy:${request.requestKey}`;
    if (await trx.selectFrom('slack_deliveries').select('key').where('key', '=', key).executeTakeFirst()) return { ok: true, repeated: true, id: null };
    const overlap = await trx
      .selectFrom('deputies')
      .select(['deputy_user', 'starts_on', 'ends_on'])
      .where('user_id', '=', user)
      .whereRef('starts_on', '<=', 'ends_on')
      .where('starts_on', '<=', request.endsOn)
      .where('ends_on', '>=', request.startsOn)
      .orderBy('starts_on')
      .executeTakeFirst();
    if (overlap) refuse({ key: 'deputy.overlaps', params: { deputy: overlap.deputy_user, from: overlap.starts_on, to: overlap.ends_on } }, 'starts_on');
    await trx.insertInto('slack_deliveries').values({ key, received_at: deps.now }).execute();
    const units = [...new Set(duties.map((duty) => duty.code))];
    const period = await trx
      .insertInto('deputies')
      .values({ user_id: user, deputy_user: request.deputy, starts_on: request.startsOn, ends_on: request.endsOn, named_ends_on: request.endsOn, created_by: request.actor, created_at: deps.now, units })
      .returning('id')
      .executeTakeFirstOrThrow();
    const details = { period: period.id, user, deputy: request.deputy, from: request.startsOn, to: request.endsOn };
    await appendLedger(
      trx,
      units.map((unit) => ({ unit, kind: 'deputy_named', actor: request.actor, source: 'modal' as const, at: deps.now, details })),
    );
    await enqueue(
      trx,
      witnessesOf(duties, deps.admins).map(({ unit, to }) => ({
        key: `deputy_notice:${period.id}:named:${to}`,
        kind: 'deputy_notice',
        lane: to,
        payload: { event: 'named', unit, user, deputy: request.deputy, from: request.startsOn, to: request.endsOn, by: request.actor },
      })),
      deps.now,
    );
    return { ok: true, repeated: false, id: period.id };
  }).catch((error: unknown) => {
    if (error instanceof Refused) return error.outcome;
    throw error;
  });
}

/** A refusal found mid-transaction: thrown so that what was written before it is rolled back. */
class Refused extends Error {
  constructor(readonly outcome: Extract<DeputyNamingOutcome, { ok: false }>) {
    super('refused');
  }
}

/**
 * Ends a person's deputy periods that are in force or to come: those under way end yesterday,
 * those not begun never take effect. Nothing is deleted: each period keeps its row (with who
 * ended it and when) and gets a `deputy_ended` ledger entry on the units that recorded its naming.
 *
 * @returns how many periods were ended.
 */
export async function endDeputies(deps: DeputyDeps, request: { actor: string; user?: string }): Promise<number> {
  const user = request.user ?? request.actor;
  const today = localDate(deps.now, deps.timeZone);
  return deps.db.transaction().execute(async (trx) => {
    const duties = await dutiesOf(trx, user);
    const superior = duties.some((duty) => (duty.role === 'head' ? duty.parentHead === request.actor : duty.head === request.actor));
    if (request.actor !== user && !deps.admins.includes(request.actor) && !superior) return 0;
    const periods = await trx
      .selectFrom('deputies')
      .selectAll()
      .where('user_id', '=', user)
      .where('ended_at', 'is', null)
      .where('ends_on', '>=', today)
      .whereRef('starts_on', '<=', 'ends_on')
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const period of periods) {
      const lastDay = period.starts_on < today ? addDays(today, -1) : addDays(period.starts_on, -1);
      await trx
        .updateTable('deputies')
        .set({ ends_on: lastDay, named_ends_on: period.named_ends_on ?? period.ends_on, ended_at: deps.now, ended_by: request.actor })
        .where('id', '=', period.id)
        .execute();
      const units = [...new Set([...period.units, ...duties.map((duty) => duty.code)])].sort();
      const details = { period: period.id, user, deputy: period.deputy_user, from: period.starts_on, to: period.named_ends_on ?? period.ends_on, in_force_until: period.starts_on < today ? lastDay : null };
      await appendLedger(
        trx,
        units.map((unit) => ({ unit, kind: 'deputy_ended', actor: request.actor, source: 'button' as const, at: deps.now, details })),
      );
      await enqueue(
        trx,
        witnessesOf(duties, deps.admins).map(({ unit, to }) => ({
          key: `deputy_notice:${period.id}:ended:${to}`,
          kind: 'deputy_notice',
          lane: to,
          payload: { event: 'ended', unit, user, deputy: period.deputy_user, by: request.actor },
        })),
        deps.now,
      );
    }
    return periods.length;
  });
}
