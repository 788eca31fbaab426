import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ReportStatus, Responsibility } from '../domain/vocabulary.js';
import type { Light } from '../domain/lights.js';
import { localDate } from '../domain/time.js';
import { loadItemStates } from './item-states.js';

/** A signed list as the public pages show it (SPEC §2.2 公开): no Slack ids, not even who signed. */
export interface PublishedList {
  unit: string;
  unitName: string;
  year: number;
  version: number;
  /** The local date of the signature, YYYY-MM-DD. */
  signedOn: string;
}

/**
 * An item as the public sees it. Deliberately without owners (Slack ids); its note is the latest
 * one not marked internal (`item_state.public_note`), never an internal one. Notes recorded
 * before notes could be marked internal are not published either (their authors had no choice).
 */
export interface PublishedItem {
  code: string;
  title: string;
  responsibility: Responsibility;
  due: string;
  percent: number | null;
  status: ReportStatus | null;
  light: Light;
  /** The latest note not marked internal; null when there is none. */
  note: string | null;
}

export interface PublicationDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
}

/** Every signed list, by unit then year. */
export async function publishedLists(deps: PublicationDeps): Promise<PublishedList[]> {
  const rows = await deps.db
    .selectFrom('lists')
    .innerJoin('units', 'units.code', 'lists.unit_code')
    .select(['lists.unit_code', 'units.name', 'lists.year', 'lists.version', 'lists.signed_at'])
    .where('lists.kind', '=', 'responsibility')
    .where('lists.signed_at', 'is not', null)
    .orderBy('lists.unit_code')
    .orderBy('lists.year')
    .execute();
  return rows.map((row) => ({ unit: row.unit_code, unitName: row.name, year: row.year, version: row.version, signedOn: localDate(row.signed_at as Date, deps.timeZone) }));
}

/** A signed list with its items and their lights; `null` when there is no such list or it is not signed. */
export async function publishedList(deps: PublicationDeps, unit: string, year: number): Promise<(PublishedList & { items: PublishedItem[] }) | null> {
  const list = (await publishedLists(deps)).find((candidate) => candidate.unit === unit && candidate.year === year);
  if (!list) return null;
  const states = (await loadItemStates(deps, { units: [unit] })).filter((state) => state.year === year && state.listKind === 'responsibility');
  const notes = new Map<string, string | null>();
  if (states.length) {
    const rows = await deps.db.selectFrom('item_state').select(['item_code', 'public_note']).where('item_code', 'in', states.map((state) => state.code)).execute();
    for (const row of rows) notes.set(row.item_code, row.public_note);
  }
  const items = states.map(({ code, title, responsibility, due, percent, status, light }) => ({ code, title, responsibility, due, percent, status, light, note: notes.get(code) ?? null }));
  return { ...list, items };
}
