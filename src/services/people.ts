import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const DAY = 86_400_000;

/** The Slack locale we last saw for a person, if seen within a day. */
export async function cachedLocale(db: Kysely<Database>, user: string, now: Date): Promise<string | null | undefined> {
  const person = await db.selectFrom('people').select(['locale', 'locale_checked_at']).where('user_id', '=', user).executeTakeFirst();
  if (!person?.locale_checked_at || now.getTime() - person.locale_checked_at.getTime() > DAY) return undefined;
  return person.locale;
}

/** Remembers a person's Slack locale (and whether Slack says they are deactivated). */
export async function rememberLocale(db: Kysely<Database>, user: string, locale: string | null, deactivated: boolean, now: Date): Promise<void> {
  await db
    .insertInto('people')
    .values({ user_id: user, locale, locale_checked_at: now, deactivated, updated_at: now })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ locale, locale_checked_at: now, deactivated, updated_at: now }))
    .execute();
}

