import { digestAnchors } from './anchors.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays } from '../domain/calendar.js';
import { cycleOf } from '../domain/cycles.js';
import type { WeekLights } from '../domain/chart.js';
import { addRollups, buildDigest, childLines, emptyRollup, rollupOf, type Digest, type DigestItem, type Rollup } from '../domain/digest.js';
import { openItemsByUnit, rangesOf } from './tick-chunks.js';
import { effectivePolicy } from '../domain/policy.js';
import { localDate, zonedInstant } from '../domain/time.js';
import { lightCounts } from '../outbox/messages.js';
import { writtenKeys, type OutboxMessage } from '../outbox/outbox.js';
import { loadItemStates } from './item-states.js';
import { exportStatistics } from './statistics.js';
import { uninspectedUnits } from './supervision-exports.js';
import { halfYearBefore } from '../domain/supervision.js';
import { roundDigests } from './report-round-status.js';
import { publicListUrl } from '../domain/public-links.js';
import { overdueReviewYear } from '../domain/reviews.js';
import { unreviewedItems } from './reviews.js';

/** When the weekly digest goes out: an ISO weekday (1 Monday … 7 Sunday) and a local time. */
export interface DigestSchedule {
  weekday: number;
  time: string;
}

export const defaultDigestSchedule: DigestSchedule = { weekday: 5, time: '16:00' };

const CHART_WEEKS = 8;
/** Unreviewed items carried in a digest (the count says how many more). */
const UNREVIEWED_SHOWN = 15;

/**
 * The weekly digests due at `now` and not yet written (SPEC §2.6): one per unit whose channel is
 * set up, once per ISO week (the outbox key `digest:UNIT:WEEK`), with its numbers computed now by
 * the same item states the exports use, so that the two agree.
 */
export async function dueDigests(
  deps: { db: Kysely<Database>; now: Date; timeZone: string; publicUrl?: string | undefined },
  schedule: DigestSchedule,
  notBefore: Date,
): Promise<OutboxMessage[]> {
  const today = localDate(deps.now, deps.timeZone);
  const week = cycleOf('weekly', today);
  if (deps.now < zonedInstant(addDays(week.start, schedule.weekday - 1), schedule.time, deps.timeZone)) return [];
  const units = await deps.db.selectFrom('units').select(['code', 'name', 'parent_code', 'channel_id', 'channel_ready_at', 'mentions']).orderBy('code').execute();
  const keyOf = (code: string) => `digest:${code}:${week.key}`;
  const candidates = units.filter((unit) => unit.channel_id && unit.channel_ready_at).map((unit) => keyOf(unit.code));
  const written = await writtenKeys(deps.db, candidates);
  const due = units.flatMap((unit) => (unit.channel_id && unit.channel_ready_at && !written.has(keyOf(unit.code)) ? [{ ...unit, channel_id: unit.channel_id }] : []));
  if (due.length === 0) return [];

  const [pending, signed, global] = await Promise.all([
    deps.db.selectFrom('approvals').select(['unit_code', (eb) => eb.fn.countAll<number>().as('n')]).where('state', '=', 'pending').groupBy('unit_code').execute(),
    deps.db.selectFrom('lists').select('unit_code').where('year', '=', Number(today.slice(0, 4))).where('kind', '=', 'responsibility').where('signed_at', 'is not', null).execute(),
    deps.db.selectFrom('policies').selectAll().where('scope', '=', 'global').executeTakeFirst(),
  ]);
  const { remindAfter } = effectivePolicy([global]);
  const groupBy = <T>(rows: T[], key: (row: T) => string | null) => {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const group = key(row);
      if (group === null) continue;
      const list = groups.get(group);
      if (list) list.push(row);
      else groups.set(group, [row]);
    }
    return groups;
  };
  const children = groupBy(units, (unit) => unit.parent_code);
  const pendingOf = new Map(pending.map((row) => [row.unit_code, Number(row.n)]));
  const weekStart = zonedInstant(week.start, '00:00', deps.timeZone);
  const dueCodes = new Set(due.map((unit) => unit.code));
  const ownDigest = (unit: { code: string; name: string }, own: DigestItem[]) =>
    buildDigest({ unit: unit.code, name: unit.name, week: week.key, today, weekStart, own, children: [], pending: pendingOf.get(unit.code) ?? 0, remindAfter });
  // The items' states a range of units at a time (as the tick reads them, services/tick-chunks.ts),
  // so that no more than a range's items are held: each unit keeps the rollup of its own items and,
  // when its digest is due, the digest of its own items and its open listed subjects. A listed
  // case's tracking item is shown among the listed subjects only: the lights, silence and overdue
  // counts are of the items the items export has, so that the two agree.
  const rollups = new Map<string, Rollup>();
  const owned = new Map<string, Digest>();
  const listedOf = new Map<string, { code: string; title: string; order: string }[]>();
  const nameOf = new Map(units.map((unit) => [unit.code, unit.name]));
  for (const range of rangesOf(await openItemsByUnit(deps.db, null))) {
    for (const [unit, items] of groupBy(await loadItemStates(deps, { range }), (item) => item.unit)) {
      const counted = items.filter((item) => !item.tracksCase);
      rollups.set(unit, rollupOf(counted));
      if (!dueCodes.has(unit)) continue;
      owned.set(unit, ownDigest({ code: unit, name: nameOf.get(unit) ?? unit }, counted));
      const listed = items.flatMap((item) => (item.listed && !item.closed ? [{ code: item.code, title: item.title, order: item.listed }] : []));
      if (listed.length) listedOf.set(unit, listed);
    }
  }
  // A child's line sums its whole subtree, each unit's rollup counted once on the way up.
  const subtrees = new Map<string, Rollup>();
  const subtree = (code: string): Rollup => {
    let rollup = subtrees.get(code);
    if (!rollup) {
      rollup = (children.get(code) ?? []).reduce((sum, child) => addRollups(sum, subtree(child.code)), rollups.get(code) ?? emptyRollup());
      subtrees.set(code, rollup);
    }
    return rollup;
  };
  // The chart shows the last weeks' digests beside this one: their weeks and counts only (a
  // national tree's eight weeks of whole digests would not fit in memory), checked by the outbox
  // contract's schema for counts; a row whose counts do not parse draws no week.
  const earlier = await deps.db
    .selectFrom('outbox')
    .select([sql<string>`payload->>'unit'`.as('unit'), sql<string>`payload->>'week'`.as('week'), sql<unknown>`payload->'counts'`.as('counts')])
    .where('kind', '=', 'digest')
    .where('created_at', '>', new Date(deps.now.getTime() - CHART_WEEKS * 7 * 86_400_000))
    .orderBy('id')
    .execute();
  const history = new Map<string, WeekLights[]>();
  for (const row of earlier) {
    const counts = lightCounts.safeParse(typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts);
    if (!counts.success || typeof row.unit !== 'string' || typeof row.week !== 'string') continue;
    history.set(row.unit, [...(history.get(row.unit) ?? []), { week: row.week, counts: counts.data }]);
  }
  const signedUnits = new Set(signed.map((row) => row.unit_code));
  // Listed subjects come first, marked (挂牌督办); a parent names the children not inspected in six months.
  const uninspected = new Set(await uninspectedUnits(deps.db, halfYearBefore(today)));
  const supervisionOf = (code: string) => {
    const listed = listedOf.get(code) ?? [];
    const notInspected = (children.get(code) ?? []).filter((child) => uninspected.has(child.code)).map((child) => ({ unit: child.code, name: child.name }));
    return { ...(listed.length && { listed }), ...(notInspected.length && { uninspected: notInspected }) };
  };
  // A parent's digest carries its subtree's four-forms figures of the year, when there are any.
  const year = Number(today.slice(0, 4));
  const statistics = new Map((await exportStatistics(deps, { year })).filter((row) => row.cases + row.person_times > 0).map((row) => [row.unit, row]));
  const casesOf = (code: string) => {
    const row = statistics.get(code);
    if (!row || !children.get(code)?.length) return {};
    return {
      cases: {
        year,
        cases: row.cases,
        person_times: row.person_times,
        people: row.people,
        forms: [row.form1, row.form2, row.form3, row.form4],
        shares: [row.form1_share, row.form2_share, row.form3_share, row.form4_share],
      },
    };
  };
  const chartForms = (code: string) => {
    const figures = casesOf(code).cases;
    return figures && { year: figures.year, forms: figures.forms, shares: figures.shares };
  };
  // Each digest carries its unit's chain head, so that Slack's history witnesses it (SPEC §2.9).
  const anchors = await digestAnchors(deps.db);
  // The issuing unit's digest shows its report rounds (submitted on time, late, missing; ratings).
  const rounds = await roundDigests(deps);
  // From February, a parent's digest names its children's items of last year with no year-end verdict.
  const reviewYear = overdueReviewYear(today);
  const unreviewed = groupBy(reviewYear === null ? [] : await unreviewedItems(deps.db, units.map((unit) => unit.code), reviewYear), (item) => item.unit);
  const unreviewedOf = (code: string) => {
    const items = (children.get(code) ?? []).flatMap((child) => unreviewed.get(child.code) ?? []);
    return reviewYear !== null && items.length ? { unreviewed: { year: reviewYear, count: items.length, items: items.slice(0, UNREVIEWED_SHOWN) } } : {};
  };
  // With ZEREN_PUBLIC_URL, a digest links to its unit's latest signed (so published) list.
  const published = new Map<string, number>();
  if (deps.publicUrl) {
    const rows = await deps.db
      .selectFrom('lists')
      .select(['unit_code', (eb) => eb.fn.max('year').as('year')])
      .where('kind', '=', 'responsibility')
      .where('signed_at', 'is not', null)
      .where('unit_code', 'in', due.map((unit) => unit.code))
      .groupBy('unit_code')
      .execute();
    for (const row of rows) published.set(row.unit_code, Number(row.year));
  }
  const publicLink = (code: string) => {
    const listYear = published.get(code);
    const url = listYear === undefined ? undefined : publicListUrl(deps.publicUrl, code, listYear);
    return url && listYear !== undefined ? { public_list: { url, year: listYear } } : {};
  };

  return due.flatMap((unit) => {
    const digest = {
      ...(owned.get(unit.code) ?? ownDigest(unit, [])),
      children: childLines((children.get(unit.code) ?? []).map((child) => ({ unit: child.code, name: child.name, rollup: subtree(child.code), signed: signedUnits.has(child.code) }))),
    };
    const key = `digest:${unit.code}:${week.key}`;
    const lane = unit.channel_id;
    const weeks = [...(history.get(unit.code) ?? []).filter((entry) => entry.week !== week.key), { week: week.key, counts: digest.counts }].slice(-CHART_WEEKS);
    return [
      { key, kind: 'digest', lane, notBefore, payload: { ...digest, mentions: unit.mentions, ...casesOf(unit.code), ...supervisionOf(unit.code), ...(anchors.has(unit.code) && { anchor: anchors.get(unit.code) }), ...(rounds.has(unit.code) && { rounds: rounds.get(unit.code) }), ...unreviewedOf(unit.code), ...publicLink(unit.code) } },
      // Its own message, after the digest in the same lane: a failed upload never repeats the digest.
      { key: `digest_chart:${unit.code}:${week.key}`, kind: 'digest_chart', lane, notBefore, payload: { unit: unit.code, week: week.key, digest: key, weeks, ...(chartForms(unit.code) && { forms: chartForms(unit.code) }) } },
    ];
  });
}
