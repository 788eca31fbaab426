import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { decidersOf, judgeDecider, type Claim, type Deciders, type Judgement, type Organisation, type SeatUnit } from '../domain/four-eyes.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What the four-eyes rule needs to know about a claim, from the database: its unit and the
 * units above it, and the deputy periods in force at some time since the claim that involve the
 * claimant, a head or supervisor on the way up, or an admin. A few small queries.
 */
async function organisationFor(db: Db, claim: Claim, admins: readonly string[], today: string): Promise<Organisation> {
  const chain = await sql<{ code: string; parent_code: string | null; head_user: string | null; supervisor_user: string | null }>`
    with recursive chain (code, parent_code, head_user, supervisor_user, depth) as (
      select code, parent_code, head_user, supervisor_user, 0 from units where code in (${claim.unit}, ${claim.inspectedBy ?? claim.unit})
      union all
      select u.code, u.parent_code, u.head_user, u.supervisor_user, chain.depth + 1 from units u join chain on u.code = chain.parent_code where chain.depth < 64
    )
    select distinct code, parent_code, head_user, supervisor_user from chain`.execute(db);
  const units = new Map<string, SeatUnit>(chain.rows.map((row) => [row.code, { code: row.code, parent: row.parent_code, head: row.head_user, supervisor: row.supervisor_user }]));
  const people = [...new Set([claim.claimant, ...admins, ...(claim.issuer ? [claim.issuer] : []), ...chain.rows.flatMap((row) => [row.head_user, row.supervisor_user]).filter((user): user is string => Boolean(user))])];
  const periods = await db
    .selectFrom('deputies')
    .select(['user_id', 'deputy_user', 'starts_on', 'ends_on'])
    .where((eb) => eb.or([eb('user_id', 'in', people), eb('deputy_user', 'in', people)]))
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', claim.claimedOn)
    .orderBy('id')
    .execute();
  return { units, deputies: periods.map((row) => ({ user: row.user_id, deputy: row.deputy_user, from: row.starts_on, to: row.ends_on })), admins, today };
}

/** Who decides a claim, as of today (SPEC §2.9). */
export async function claimDeciders(db: Db, claim: Claim, admins: readonly string[], today: string): Promise<Deciders> {
  return decidersOf(claim, await organisationFor(db, claim, admins, today));
}

/** Whether a person may decide a claim today, and if not why. */
export async function judgeClaimDecider(db: Db, actor: string, claim: Claim, admins: readonly string[], today: string): Promise<Judgement> {
  return judgeDecider(actor, claim, await organisationFor(db, claim, admins, today));
}

/**
 * What makes a claim on an item more than a list item's: the unit that inspected it (a finding)
 * and, for an order's closure, the order's issuer. One small query each.
 */
export async function supervisionOfClaim(db: Db, kind: Claim['kind'], item: string | null, order?: string): Promise<Pick<Claim, 'inspectedBy' | 'issuer'>> {
  const finding = item
    ? await db.selectFrom('findings').innerJoin('inspections', 'inspections.code', 'findings.inspection_code').select('inspections.by_unit').where('findings.item_code', '=', item).executeTakeFirst()
    : undefined;
  const issuer = kind === 'order_closure' && order ? (await db.selectFrom('supervision_orders').select('issuer').where('code', '=', order).executeTakeFirst())?.issuer : undefined;
  return { ...(finding && { inspectedBy: finding.by_unit }), ...(issuer && { issuer }) };
}
