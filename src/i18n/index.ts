import { en, type Catalogue } from './en.js';
import { zhCN } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof Catalogue;
type Params<K extends MessageKey> = Parameters<Catalogue[K]>[0];

const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

/** Maps a Slack locale such as `zh-CN`, `zh-TW` or `en-US` to one we speak. */
export function toLocale(slackLocale: string | null | undefined, fallback: Locale): Locale {
  if (!slackLocale) return fallback;
  if (slackLocale.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (slackLocale.toLowerCase().startsWith('en')) return 'en';
  return fallback;
}

/**
 * A message in a language.
 *
 * @example
 * t('en', 'import.tooLong', { max: 64 }) // 'must be at most 64 characters'
 */
export function t<K extends MessageKey>(
  locale: Locale,
  key: K,
  ...params: Params<K> extends undefined ? [] : [Params<K>]
): string {
  const message = catalogues[locale][key] as (p: unknown) => string;
  return message(params[0]);
}

/** A message not yet put into words: a key and its parameters, rendered later in the reader's language. */
export type Message = { [K in MessageKey]: Params<K> extends undefined ? { key: K; params?: undefined } : { key: K; params: Params<K> } }[MessageKey];

export const render = (locale: Locale, message: Message): string =>
  (catalogues[locale][message.key] as (p: unknown) => string)(message.params);
