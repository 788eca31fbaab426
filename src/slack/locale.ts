import type { WebClient } from '@slack/web-api';
import type { Logger } from '../app/logger.js';
import type { Services } from '../app/services.js';
import { toLocale, type Locale } from '../i18n/index.js';

// Slack answers a request in 3 s; a slow users.info must not eat that time.
const LOOKUP_BUDGET_MS = 800;
// Locales rarely change: remembered in memory for an hour (then used while looked up again), in
// the database for a day.
const MEMORY_MS = 3_600_000;

/**
 * The language to speak to a person: their Slack locale (`users.info` with `include_locale`),
 * remembered for a day; the configured default when Slack does not say or is slow to. Off the
 * request's path once known: a locale remembered in memory answers at once, also when its hour
 * is up (it is then looked up again behind the answer, for the next request), and the requests of
 * one person arriving together share one lookup.
 */
export function localeResolver(services: Services, client: WebClient, logger: Logger): (user: string) => Promise<Locale> {
  const known = new Map<string, { locale: Locale; until: number }>();
  const pending = new Map<string, Promise<Locale>>();
  const remember = (user: string, locale: Locale) => {
    known.set(user, { locale, until: services.clock().getTime() + MEMORY_MS });
    return locale;
  };
  const lookUp = async (user: string): Promise<Locale> => {
    const cached = await services.people.cachedLocale(user);
    if (cached !== undefined) return remember(user, toLocale(cached, services.defaultLocale));
    const lookup = client.users
      .info({ user, include_locale: true })
      .then(async (answer) => {
        const locale = answer.user?.locale ?? null;
        await services.people.rememberLocale(user, locale, answer.user?.deleted ?? false);
        return locale;
      })
      .catch((error: Error) => {
        logger.warn({ user, reason: error.message }, 'could not learn a person’s locale');
        return null;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), LOOKUP_BUDGET_MS);
    });
    const locale = await Promise.race([lookup, timeout]);
    clearTimeout(timer);
    // A slow or failed lookup is not remembered: the next request asks again.
    return locale === null ? toLocale(null, services.defaultLocale) : remember(user, toLocale(locale, services.defaultLocale));
  };
  const shared = (user: string): Promise<Locale> => {
    const inFlight = pending.get(user);
    if (inFlight) return inFlight;
    const lookup = lookUp(user).finally(() => pending.delete(user));
    pending.set(user, lookup);
    return lookup;
  };
  return async (user) => {
    const inMemory = known.get(user);
    if (!inMemory) return shared(user);
    if (inMemory.until <= services.clock().getTime()) {
      shared(user).catch((error: Error) => logger.warn({ user, reason: error.message }, 'could not look a person’s locale up again'));
    }
    return inMemory.locale;
  };
}
