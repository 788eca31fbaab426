import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays } from '../domain/calendar.js';
import type { DeputyPeriod } from '../domain/deputy-period.js';
import type { Message } from '../i18n/index.js';

/** The deputy periods of a person that have not ended by `today`, soonest first. */
export async function deputiesOf(db: Kysely<Database>, user: string, today: string): Promise<DeputyPeriod[]> {
  const rows = await db.selectFrom('deputies').selectAll().where('user_id', '=', user).where('ends_on', '>=', today).orderBy('starts_on').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, deputy: row.deputy_user, startsOn: row.starts_on, endsOn: row.ends_on }));
}

/**
 * Names a deputy for a period: prompts, reminders and escalations meant for the person go to the
 * deputy meanwhile, and the deputy may report for them. Refuses, writing nothing, oneself, a
 * period that ends before it starts or has already ended.
 */
export async function nameDeputy(
  db: Kysely<Database>,
  request: { user: string; deputy: string; startsOn: string; endsOn: string; today: string; now: Date },
): Promise<{ ok: true } | { ok: false; refusal: Message; field: 'deputy' | 'ends_on' }> {
  if (request.deputy === request.user) return { ok: false, refusal: { key: 'deputy.notSelf' }, field: 'deputy' };
  if (request.endsOn < request.startsOn) return { ok: false, refusal: { key: 'deputy.endsBeforeStart' }, field: 'ends_on' };
  if (request.endsOn < request.today) return { ok: false, refusal: { key: 'deputy.inThePast' }, field: 'ends_on' };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('people')
      .values([{ user_id: request.user }, { user_id: request.deputy }])
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .execute();
    await trx
      .insertInto('deputies')
      .values({ user_id: request.user, deputy_user: request.deputy, starts_on: request.startsOn, ends_on: request.endsOn, created_by: request.user, created_at: request.now })
      .execute();
  });
  return { ok: true };
}

/** Ends a person's deputy periods: those under way end yesterday, those not begun are dropped. */
export async function endDeputies(db: Kysely<Database>, user: string, today: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ended = await trx.updateTable('deputies').set({ ends_on: addDays(today, -1) }).where('user_id', '=', user).where('starts_on', '<', today).where('ends_on', '>=', today).executeTakeFirst();
    const dropped = await trx.deleteFrom('deputies').where('user_id', '=', user).where('starts_on', '>=', today).executeTakeFirst();
    return Number(ended.numUpdatedRows) + Number(dropped.numDeletedRows);
  });
}
