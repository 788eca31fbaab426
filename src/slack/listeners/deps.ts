import type { Logger } from '../../app/logger.js';
import type { Services } from '../../app/services.js';
import type { Locale } from '../../i18n/index.js';

/** What every listener is given: the use cases, the reader's language, a logger. */
export interface ListenerDeps {
  services: Services;
  localeOf: (user: string) => Promise<Locale>;
  logger: Logger;
}

/** Slack escapes &, < and > in typed text; the words people typed are what we record. */
export const unescapeSlack = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The value of a promise if it settles within `ms`, else undefined (the promise runs on). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
