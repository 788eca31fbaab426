import type { WebClient } from '@slack/web-api';
import type { Logger } from '../app/logger.js';
import type { Services } from '../app/services.js';
import { toLocale, type Locale } from '../i18n/index.js';

// Slack answers a request in 3 s; a slow users.info must not eat that time.
const LOOKUP_BUDGET_MS = 800;

/**
 * The language to speak to a person: their Slack locale (`users.info` with `include_locale`),
 * remembered for a day; the configured default when Slack does not say or is slow to.
 */
export function localeResolver(services: Services, client: WebClient, logger: Logger): (user: string) => Promise<Locale> {
  return async (user) => {
    const cached = await services.people.cachedLocale(user);
    if (cached !== undefined) return toLocale(cached, services.defaultLocale);
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
    return toLocale(locale, services.defaultLocale);
  };
}
