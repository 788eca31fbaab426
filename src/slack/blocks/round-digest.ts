import { RATINGS, type RoundDigest } from '../../domain/rounds.js';
import { t, type Locale } from '../../i18n/index.js';
import { escape, escapeShort } from './text.js';

/**
 * One line per report round in its issuing unit's digest: on time, late, missing and pending
 * units, the units behind, and the ratings so far.
 *
 * @example
 * roundDigestLines('en', [digest]) // ['• *JS-2026-H1-DR* dual report (双报告) 2026-H1, due 2026-07-10: 1 on time, 1 late, …']
 */
export function roundDigestLines(locale: Locale, rounds: readonly RoundDigest[]): string[] {
  return rounds.map((round) => {
    const rated = RATINGS.filter((rating) => round.ratings[rating] > 0).map((rating) => `${t(locale, `rounds.rating.${rating}`)} ${round.ratings[rating]}`);
    return t(locale, 'rounds.digestLine', {
      round: escape(round.code),
      kind: t(locale, `rounds.kind.${round.kind}`),
      period: escapeShort(round.period, 40),
      due: round.due,
      onTime: round.counts.on_time,
      late: round.counts.late,
      missing: round.counts.missing,
      pending: round.counts.pending,
      behind: round.behind.length ? escapeShort(round.behind.join(', '), 300) : '—',
      ratings: rated.length ? rated.join(', ') : '—',
      unrated: round.unrated,
    });
  });
}
