import type { ReportStatus } from '../../domain/vocabulary.js';
import { t, type Locale } from '../../i18n/index.js';

/** Escapes text a person wrote, so that Slack shows it as written rather than as markup. */
export const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Shortens text to at most `max` characters (code points), ending with "…"; at a space when
 * one is near, so that words are not cut in half.
 */
export function shorten(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  const cut = characters.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export const mention = (user: string) => `<@${user}>`;

/** "40% · On track · note" — the parts of a report that were given. */
export function reportSummary(locale: Locale, report: { percent?: number | null; status?: ReportStatus | null; note?: string | null }, noteMax = 300): string {
  const parts: string[] = [];
  if (report.percent !== undefined && report.percent !== null) parts.push(`${report.percent}%`);
  if (report.status) parts.push(t(locale, `status.${report.status}`));
  if (report.note) parts.push(shorten(report.note, noteMax));
  return parts.join(' · ');
}

