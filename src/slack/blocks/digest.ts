import type { KnownBlock } from '@slack/types';
import type { Digest, LightCounts } from '../../domain/digest.js';
import { t, type Locale } from '../../i18n/index.js';
import { lightEmoji } from './home.js';
import { roundDigestLines } from './round-digest.js';
import type { RoundDigest } from '../../domain/rounds.js';
import type { SlackText } from './progress-messages.js';
import { escape, escapeShort, fitLines, mention, shorten } from './text.js';
import { safeLink } from '../../domain/evidence-link.js';

// A section holds 3,000 characters; long lists are cut to their first lines and counted.
const MAX_LINES = 15;

const lights = (counts: LightCounts) =>
  (['red', 'yellow', 'blue', 'green', 'grey'] as const)
    .filter((light) => counts[light] > 0)
    .map((light) => `${lightEmoji[light]} ${counts[light]}`)
    .join('  ') || '—';

function list(locale: Locale, heading: string, lines: string[], total = lines.length): KnownBlock[] {
  if (lines.length === 0) return [];
  // Fewer lines when they are long, so that the count of the rest is never cut off.
  const text = fitLines([heading], lines.slice(0, MAX_LINES), total, (count) => t(locale, 'approval.more', { count }), 3000);
  return [{ type: 'section', text: { type: 'mrkdwn', text } }];
}

/** A unit's weekly digest: counts by light, changes, overdue items, silent owners, pending approvals, and the units below, worst first. */
export function digestMessage(
  locale: Locale,
  digest: Digest & {
    mentions?: boolean;
    cases?: { year: number; cases: number; person_times: number; people: number; forms: number[]; shares: number[] } | undefined;
    listed?: { code: string; title: string; order: string }[] | undefined;
    uninspected?: { unit: string; name: string }[] | undefined;
    anchor?: { id: number; hash: string } | undefined;
    rounds?: RoundDigest[] | undefined;
    public_list?: { url: string; year: number } | undefined;
    unreviewed?: { year: number; count: number; items: { unit: string; code: string; title: string }[] } | undefined;
  },
): SlackText {
  const person = (user: string) => (digest.mentions === false ? `@${user}` : mention(user));
  const title = t(locale, 'digest.title', { unit: digest.unit, name: digest.name, week: digest.week });
  const counts = t(locale, 'digest.counts', { total: digest.total, lights: lights(digest.counts) });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: counts } },
    ...list(
      locale,
      t(locale, 'digest.listed', { count: digest.listed?.length ?? 0 }),
      (digest.listed ?? []).map((item) => `• 🏷️ *${escape(item.code)}* ${escapeShort(item.title, 80)} — ${t(locale, 'digest.listedBy', { order: escape(item.order) })}`),
    ),
    ...list(
      locale,
      t(locale, 'digest.overdue', { count: digest.overdue.length }),
      digest.overdue.map((item) => `• *${escape(item.code)}* ${escapeShort(item.title, 80)} — ${t(locale, 'digest.due', { date: item.due })}`),
    ),
    ...list(
      locale,
      t(locale, 'digest.silent', { count: digest.silent.length }),
      digest.silent.map((owner) => `• ${person(owner.owner)} (${owner.items.length}): ${escapeShort(owner.items.join(', '), 300)}`),
    ),
    ...list(
      locale,
      t(locale, 'digest.changed', { count: digest.changed.length }),
      digest.changed.map((item) => `• *${escape(item.code)}* ${escapeShort(item.title, 80)}${item.percent === null ? '' : ` — ${item.percent}%`}`),
    ),
    ...(digest.cases
      ? [
          {
            type: 'context' as const,
            elements: [
              {
                type: 'mrkdwn' as const,
                text: t(locale, 'digest.cases', {
                  year: digest.cases.year,
                  cases: digest.cases.cases,
                  personTimes: digest.cases.person_times,
                  people: digest.cases.people,
                  forms: digest.cases.forms.map((n, i) => `${n} (${digest.cases?.shares[i] ?? 0}%)`).join(' / '),
                }),
              },
            ],
          },
        ]
      : []),
    ...list(
      locale,
      t(locale, 'digest.uninspected', { count: digest.uninspected?.length ?? 0 }),
      (digest.uninspected ?? []).map((child) => `• ${escape(child.unit)} ${escapeShort(child.name, 60)}`),
    ),
    ...list(locale, t(locale, 'rounds.digestHeading', { count: digest.rounds?.length ?? 0 }), roundDigestLines(locale, digest.rounds ?? [])),
    ...(digest.unreviewed
      ? list(
          locale,
          t(locale, 'reviews.digestHeading', { count: digest.unreviewed.count, year: digest.unreviewed.year }),
          digest.unreviewed.items.map((item) => `• *${escape(item.code)}* ${escapeShort(item.title, 80)} — ${escape(item.unit)}`),
          digest.unreviewed.count,
        )
      : []),
    ...(digest.pending ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: t(locale, 'digest.pending', { count: digest.pending }) } }] : []),
    ...list(
      locale,
      t(locale, 'digest.children', { count: digest.children.length }),
      digest.children.map((child) =>
        t(locale, 'digest.child', {
          lights: lights(child.counts),
          rate: child.onTimeRate,
          signed: t(locale, child.signed ? 'digest.signed' : 'digest.unsigned'),
          unit: escape(child.unit),
          name: escapeShort(child.name, 60),
        }),
      ),
    ),
  ];
  if (blocks.length === 2 && digest.total === 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'digest.nothing') }] });
  // The unit's ledger anchor, witnessed by the channel's history (`zeren verify --anchors`).
  if (digest.anchor) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'digest.anchor', { id: digest.anchor.id, hash: escape(digest.anchor.hash) }) }] });
  if (digest.public_list) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: publicListLink(locale, digest.public_list) }] });
  // The fallback text is mrkdwn too: a unit's name is escaped there as well.
  return { text: `${escapeShort(title, 300)} — ${counts}`, blocks };
}

/** "🔗 The published list 2026" linking to the unit's public list page; nothing when the address is not a safe link. */
export function publicListLink(locale: Locale, list: { url: string; year: number }): string {
  const href = safeLink(list.url);
  return href ? t(locale, 'listlife.publicLink', { url: href, year: list.year }) : '';
}
