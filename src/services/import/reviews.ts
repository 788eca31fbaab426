import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { itemsForReview, storedVerdicts, verdictChanged, writeVerdicts, type PlacedVerdict } from '../reviews.js';
import type { ImportProblem, Origin } from './document.js';
import type { Change, Plan } from './plan.js';
import type { Bundle } from './validate.js';

type Db = Transaction<Database>;
const describe = (origin: Origin) => `${origin.file} ${origin.where}`;

/** Where each item named by a verdict is: stored, or in a list of the same import. */
async function placesOf(trx: Db, bundle: Bundle) {
  const stored = await itemsForReview(trx, bundle.reviews.map((review) => review.value.item));
  const places = new Map<string, { code: string; unit: string; year: number }>(stored);
  for (const list of bundle.lists) for (const { value: item } of list.items) places.set(item.code.toLowerCase(), { code: item.code, unit: list.unit, year: list.year });
  return places;
}

/**
 * Checks the `reviews:` section: each item named once, known (stored or in the file), and on a
 * list of the unit and year the verdict says.
 */
export async function crossCheckReviews(trx: Db, bundle: Bundle): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  if (bundle.reviews.length === 0) return problems;
  const places = await placesOf(trx, bundle);
  const seen = new Map<string, () => Origin>();
  for (const { value: review, at } of bundle.reviews) {
    const folded = review.item.toLowerCase();
    const other = seen.get(folded);
    if (other) problems.push({ ...at(['item']), message: { key: 'import.duplicateReview', params: { code: review.item, other: describe(other()) } } });
    else seen.set(folded, () => at(['item']));
    const place = places.get(folded);
    if (!place) problems.push({ ...at(['item']), message: { key: 'import.unknownItem', params: { code: review.item } } });
    else if (place.unit !== review.unit || place.year !== review.year) {
      problems.push({ ...at(['item']), message: { key: 'import.reviewElsewhere', params: { code: place.code, unit: place.unit, year: place.year } } });
    }
  }
  return problems;
}

/** The verdicts of the bundle, each on its item's stored spelling. */
async function verdictsOf(trx: Db, bundle: Bundle): Promise<PlacedVerdict[]> {
  const places = await placesOf(trx, bundle);
  return bundle.reviews.map(({ value: review }) => {
    const place = places.get(review.item.toLowerCase()) as { code: string; unit: string; year: number };
    return { item: place.code, unit: place.unit, year: place.year, verdict: review.verdict, note: review.note || null };
  });
}

/** What the `reviews:` section would record or change; reads only. */
export async function planReviews(trx: Db, bundle: Bundle, plan: Plan): Promise<void> {
  if (bundle.reviews.length === 0) return;
  const verdicts = await verdictsOf(trx, bundle);
  const stored = await storedVerdicts(trx, verdicts.map((verdict) => verdict.item));
  for (const verdict of verdicts) {
    const before = stored.get(verdict.item);
    if (!verdictChanged(before, verdict)) {
      plan.unchanged.reviews++;
      continue;
    }
    const fields: Change['fields'] = {};
    const desired = { verdict: verdict.verdict, note: verdict.note };
    for (const [field, to] of Object.entries(desired)) {
      const from = before ? (before[field as 'verdict' | 'note'] ?? null) : null;
      if (!before || from !== to) fields[field] = { from, to };
    }
    plan.changes.push({ entity: 'reviews', ref: verdict.item, action: before ? 'updated' : 'created', fields });
  }
}

/** Records the planned verdicts: actor `system`, source `import`, a ledger entry each. */
export async function applyReviews(trx: Db, plan: Plan, bundle: Bundle, at: Date, timeZone: string): Promise<void> {
  const changed = new Set(plan.changes.filter((change) => change.entity === 'reviews').map((change) => change.ref));
  if (changed.size === 0) return;
  const verdicts = (await verdictsOf(trx, bundle)).filter((verdict) => changed.has(verdict.item));
  await writeVerdicts(trx, verdicts, 'system', 'import', at, timeZone);
}
