import type { ReportStatus } from '../../domain/vocabulary.js';
import { safeLink } from '../../domain/evidence-link.js';
import { t, type Locale } from '../../i18n/index.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text a person wrote, so that Slack shows it as written rather than as markup. */
export const escape = (text: string) => text.replace(/[&<>]/g, (char) => ENTITIES[char] as string);

/**
 * Text cut to at most `max` UTF-16 units (what Block Kit counts), ending with "…": characters are
 * taken whole, each as `piece` writes it, so that neither a surrogate pair nor an entity is split;
 * at a space when one is near, so that words are not cut in half.
 */
function cut(text: string, max: number, piece: (char: string) => string): string {
  let kept = '';
  let space = -1;
  for (const char of text) {
    const written = piece(char);
    if (kept.length + written.length > max - 1) break;
    if (char === ' ') space = kept.length;
    kept += written;
  }
  return `${space > max * 0.6 ? kept.slice(0, space) : kept}…`;
}

/** Shortens text to at most `max` UTF-16 units, ending with "…" (for plain_text, which is not escaped). */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : cut(text, max, (char) => char);
}

/**
 * Escapes text, then cuts it to at most `max` units. The limit holds for what Slack receives:
 * 1,000 `&` are 5,000 characters once escaped, and are cut to `max`, never mid-`&amp;`.
 *
 * @example
 * escapeShort('a & b', 100) // 'a &amp; b'
 */
export function escapeShort(text: string, max: number): string {
  const escaped = escape(text);
  return escaped.length <= max ? escaped : cut(text, max, (char) => ENTITIES[char] ?? char);
}

/**
 * The last guard on a whole mrkdwn text (our words with escaped parts, mentions and links): cut to
 * `max` units without splitting an entity, a `<…>` mention or link, or a surrogate pair.
 */
export function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const open = text.lastIndexOf('<', end - 1);
  if (open > text.lastIndexOf('>', end - 1)) end = open;
  const amp = text.lastIndexOf('&', end - 1);
  if (amp > text.lastIndexOf(';', end - 1)) end = amp;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * A heading and as many lines as fit in `max` units, then "… and N more" for the rest (of `total`,
 * which may be more than the lines given): a long list is cut at a whole line, and the count is kept.
 */
export function fitLines(heading: string[], lines: string[], total: number, more: (count: number) => string, max: number): string {
  const join = (shown: number) => [...heading, ...lines.slice(0, shown), ...(total > shown ? [more(total - shown)] : [])].join('\n');
  let shown = lines.length;
  while (shown > 0 && join(shown).length > max) shown -= 1;
  return fitMrkdwn(join(shown), max);
}

export const mention = (user: string) => `<@${user}>`;

/**
 * A link that Slack shows with `label`: only an http(s) address becomes a link (so `!channel` or
 * `javascript:` never do); anything else is shown as escaped text.
 */
export function link(url: string, label: string): string {
  const href = safeLink(url);
  return href ? `<${href}|${escape(label)}>` : escapeShort(url, 200);
}

/**
 * "40% · On track · note" — the parts of a report that were given, escaped for mrkdwn, the note
 * at most `noteMax` once escaped; `shorten` as `write` gives the plain text (a message's fallback).
 */
export function reportSummary(
  locale: Locale,
  report: { percent?: number | null; status?: ReportStatus | null; note?: string | null },
  noteMax = 300,
  write: (text: string, max: number) => string = escapeShort,
): string {
  const parts: string[] = [];
  if (report.percent !== undefined && report.percent !== null) parts.push(`${report.percent}%`);
  if (report.status) parts.push(write(t(locale, `status.${report.status}`), 100));
  if (report.note) parts.push(write(report.note, noteMax));
  return parts.join(' · ');
}
