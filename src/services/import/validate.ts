import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  documentSchema,
  issueMessage,
  type CalendarDayInput,
  type CaseInput,
  type ImportProblem,
  type InspectionInput,
  type ItemInput,
  type OrderInput,
  type Origin,
  type PolicyInput,
  type ReportRoundInput,
  type ReviewInput,
  type UnitInput,
} from './document.js';
import type { Source } from './read-yaml.js';

/** Looks people up in the chat directory; `null` when nobody has that address. */
export interface Directory {
  lookupByEmail(email: string): Promise<{ id: string } | null>;
}

type At = (path?: PropertyKey[]) => Origin;
export interface Placed<T> {
  value: T;
  at: At;
}
export interface PlacedList {
  unit: string;
  year: number;
  policy?: Placed<PolicyInput>;
  items: Placed<ItemInput>[];
  at: At;
}

/** Every file merged into one set of changes to make, each piece with its place for messages. */
export interface Bundle {
  units: Placed<UnitInput>[];
  lists: PlacedList[];
  policy?: Placed<PolicyInput>;
  calendar: Placed<CalendarDayInput>[];
  cases: Placed<CaseInput>[];
  inspections: Placed<InspectionInput>[];
  supervision: Placed<OrderInput>[];
  rounds: Placed<ReportRoundInput>[];
  reviews: Placed<ReviewInput>[];
}

/** Validates each file's shape; merges the files into a bundle, or returns every problem found. */
export function parseSources(sources: Source[]): { bundle: Bundle; problems: ImportProblem[] } {
  const problems: ImportProblem[] = sources.flatMap((source) => source.problems);
  const bundle: Bundle = { units: [], lists: [], calendar: [], cases: [], inspections: [], supervision: [], rounds: [], reviews: [] };
  for (const source of sources) {
    if (source.data === null) continue;
    const at = (base: PropertyKey[]) => (path: PropertyKey[] = []) => ({ file: source.file, where: source.locate([...base, ...path]) });
    const parsed = documentSchema.safeParse(source.data ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
        problems.push({ ...at(path)(), message: issueMessage(issue) });
      }
      continue;
    }
    const document = parsed.data;
    document.units.forEach((unit, i) => bundle.units.push({ value: unit, at: at(['units', i]) }));
    if (document.policy) bundle.policy = { value: { ...bundle.policy?.value, ...document.policy }, at: at(['policy']) };
    document.calendar.forEach((day, i) => bundle.calendar.push({ value: day, at: at(['calendar', i]) }));
    document.cases.forEach((found, i) => bundle.cases.push({ value: found, at: at(['cases', i]) }));
    document.inspections.forEach((inspection, i) => bundle.inspections.push({ value: inspection, at: at(['inspections', i]) }));
    document.supervision.forEach((order, i) => bundle.supervision.push({ value: order, at: at(['supervision', i]) }));
    document.report_rounds.forEach((round, i) => bundle.rounds.push({ value: round, at: at(['report_rounds', i]) }));
    document.reviews.forEach((review, i) => bundle.reviews.push({ value: review, at: at(['reviews', i]) }));
    document.lists.forEach((list, li) => {
      let merged = bundle.lists.find((other) => other.unit === list.unit && other.year === list.year);
      if (!merged) {
        merged = { unit: list.unit, year: list.year, items: [], at: at(['lists', li]) };
        bundle.lists.push(merged);
      }
      if (list.policy) merged.policy = { value: list.policy, at: at(['lists', li, 'policy']) };
      list.items.forEach((item, ii) => merged.items.push({ value: item, at: at(['lists', li, 'items', ii]) }));
    });
  }
  return { bundle, problems };
}

const describe = (origin: Origin) => `${origin.file} ${origin.where}`;

/** Checks what spans files and the database: duplicates, parents, cycles, item ownership, dates. */
export async function crossCheck(db: Kysely<Database>, bundle: Bundle): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const existingUnits = new Map(
    (await db.selectFrom('units').select(['code', 'parent_code']).execute()).map((unit) => [unit.code, unit.parent_code]),
  );

  // Places are looked up only for problems: on a large valid file, finding lines is the slow part.
  const seenUnits = new Map<string, At>();
  for (const unit of bundle.units) {
    const other = seenUnits.get(unit.value.code);
    if (other) problems.push({ ...unit.at(['code']), message: { key: 'import.duplicateUnit', params: { code: unit.value.code, other: describe(other()) } } });
    else seenUnits.set(unit.value.code, unit.at);
  }
  const parents = new Map(existingUnits);
  for (const unit of bundle.units) parents.set(unit.value.code, unit.value.parent ?? null);
  for (const unit of bundle.units) {
    const parent = unit.value.parent;
    if (parent && !parents.has(parent)) {
      problems.push({ ...unit.at(['parent']), message: { key: 'import.unknownParent', params: { code: parent } } });
      continue;
    }
    const path = [unit.value.code];
    for (let next: string | null | undefined = parent; next; next = parents.get(next)) {
      if (next === unit.value.code) {
        problems.push({ ...unit.at(['parent']), message: { key: 'import.parentCycle', params: { path: [...path, next].join(' → ') } } });
        break;
      }
      if (path.includes(next)) break;
      path.push(next);
    }
  }

  const existingItems = new Map(
    (
      await db
        .selectFrom('items')
        .innerJoin('lists', 'lists.id', 'items.list_id')
        .select(['items.code', 'lists.unit_code', 'lists.year', 'lists.kind'])
        .execute()
    ).map((item) => [item.code.toLowerCase(), item]),
  );
  const seenItems = new Map<string, At>();
  for (const list of bundle.lists) {
    if (!parents.has(list.unit)) problems.push({ ...list.at(['unit']), message: { key: 'import.unknownUnit', params: { code: list.unit } } });
    for (const { value: item, at } of list.items) {
      const folded = item.code.toLowerCase();
      const other = seenItems.get(folded);
      if (other) problems.push({ ...at(['code']), message: { key: 'import.duplicateItem', params: { code: item.code, other: describe(other()) } } });
      else seenItems.set(folded, at);
      const existing = existingItems.get(folded);
      if (existing?.kind === 'report') {
        problems.push({ ...at(['code']), message: { key: 'import.codeIsRoundReport', params: { code: existing.code } } });
      } else if (existing?.kind === 'case') {
        problems.push({ ...at(['code']), message: { key: 'import.codeIsCase', params: { code: existing.code } } });
      } else if (existing?.kind === 'rectification') {
        problems.push({ ...at(['code']), message: { key: 'import.codeIsFinding', params: { code: existing.code } } });
      } else if (existing && (existing.unit_code !== list.unit || existing.year !== list.year)) {
        problems.push({ ...at(['code']), message: { key: 'import.itemElsewhere', params: { code: existing.code, unit: existing.unit_code, year: existing.year } } });
      }
      if (item.start && item.start > item.due) problems.push({ ...at(['start']), message: { key: 'import.startAfterDue' } });
      let planned = 0;
      const byDate = item.milestones.map((milestone, i) => ({ milestone, i })).sort((a, b) => a.milestone.due.localeCompare(b.milestone.due));
      for (const { milestone, i } of byDate) {
        if (milestone.due > item.due) {
          problems.push({ ...at(['milestones', i, 'due']), message: { key: 'import.milestoneAfterDue', params: { title: milestone.title } } });
        }
        if (milestone.percent !== undefined) {
          if (milestone.percent < planned) problems.push({ ...at(['milestones', i, 'percent']), message: { key: 'import.milestoneOrder' } });
          planned = Math.max(planned, milestone.percent);
        }
      }
    }
  }
  return problems;
}

const isEmail = (person: string) => person.includes('@');

/**
 * Replaces e-mail addresses of heads, supervisors and owners by Slack user ids, asking the
 * directory once per address. Returns the problems of addresses that cannot be resolved.
 */
export async function resolvePeople(bundle: Bundle, directory: Directory | undefined): Promise<{ problems: ImportProblem[]; emails: Map<string, string> }> {
  const uses: { email: string; origin: Origin; set: (id: string) => void }[] = [];
  for (const unit of bundle.units) {
    for (const role of ['head', 'supervisor'] as const) {
      const person = unit.value[role];
      if (person && isEmail(person)) uses.push({ email: person, origin: unit.at([role]), set: (id) => (unit.value[role] = id) });
    }
  }
  for (const list of bundle.lists) {
    for (const item of list.items) {
      item.value.owners.forEach((owner, i) => {
        if (isEmail(owner)) uses.push({ email: owner, origin: item.at(['owners', i]), set: (id) => (item.value.owners[i] = id) });
      });
    }
  }
  for (const inspection of bundle.inspections) {
    inspection.value.findings.forEach((finding, fi) =>
      finding.owners.forEach((owner, i) => {
        if (isEmail(owner)) uses.push({ email: owner, origin: inspection.at(['findings', fi, 'owners', i]), set: (id) => (finding.owners[i] = id) });
      }),
    );
  }
  for (const order of bundle.supervision) {
    if (isEmail(order.value.by)) uses.push({ email: order.value.by, origin: order.at(['by']), set: (id) => (order.value.by = id) });
  }
  for (const round of bundle.rounds) {
    round.value.reviewers.forEach((reviewer, i) => {
      if (isEmail(reviewer)) uses.push({ email: reviewer, origin: round.at(['reviewers', i]), set: (id) => (round.value.reviewers[i] = id) });
    });
  }
  const problems: ImportProblem[] = [];
  const emails = new Map<string, string>();
  const answers = new Map<string, Promise<{ id: string } | null | Error>>();
  for (const use of uses) {
    const email = use.email.toLowerCase();
    if (!directory) {
      problems.push({ ...use.origin, message: { key: 'import.emailNeedsSlack', params: { email: use.email } } });
      continue;
    }
    if (!answers.has(email)) answers.set(email, directory.lookupByEmail(email).catch((error: Error) => error));
    const answer = await answers.get(email);
    if (answer instanceof Error) {
      problems.push({ ...use.origin, message: { key: 'import.emailFailed', params: { email: use.email, reason: answer.message } } });
    } else if (!answer) {
      problems.push({ ...use.origin, message: { key: 'import.emailUnknown', params: { email: use.email } } });
    } else {
      use.set(answer.id);
      emails.set(answer.id, email);
    }
  }
  for (const list of bundle.lists) for (const item of list.items) item.value.owners = [...new Set(item.value.owners)];
  for (const inspection of bundle.inspections) for (const finding of inspection.value.findings) finding.owners = [...new Set(finding.owners)];
  for (const round of bundle.rounds) round.value.reviewers = [...new Set(round.value.reviewers)];
  return { problems, emails };
}

/**
 * Codes match regardless of case: an item written `nj-01` in a file is the stored `NJ-01`,
 * and keeps the spelling it was first imported with.
 */
export async function adoptStoredCodes(db: Kysely<Database>, bundle: Bundle): Promise<void> {
  const folded = bundle.lists.flatMap((list) => list.items.map((item) => item.value.code.toLowerCase()));
  if (folded.length === 0) return;
  const stored = await db.selectFrom('items').select('code').where(sql<string>`lower(code)`, 'in', folded).execute();
  const canonical = new Map(stored.map((item) => [item.code.toLowerCase(), item.code]));
  for (const list of bundle.lists) for (const item of list.items) item.value.code = canonical.get(item.value.code.toLowerCase()) ?? item.value.code;
}
