import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { Message } from '../i18n/index.js';
import { caseUnitsOf } from './cases.js';
import { applySupervision } from './import/apply-supervision.js';
import { findingSchema, inspectionSchema, issueMessage, orderSchema, reportRoundSchema, type ImportProblem, type Origin } from './import/document.js';
import { adoptRoundCodes, applyRounds, crossCheckRounds, planRounds } from './import/report-rounds.js';
import { subtreeOf } from './exports.js';
import type { Plan } from './import/plan.js';
import { adoptSupervisionCodes, crossCheckSupervision, planSupervision } from './import/supervision.js';
import type { Bundle } from './import/validate.js';
import { localDate } from '../domain/time.js';

/**
 * The supervisors' side of inspections and listed supervision in Slack (SPEC §2.7): recording an
 * inspection, adding a finding to one, listing an item or finding for supervision. Each builds
 * the same bundle an import file would and goes through the import's checks, plan and writer
 * (one write path), with the person as the actor and `modal` as the source.
 */
export interface SuperviseDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  admins: readonly string[];
}

/** A refusal, with the form field it concerns where there is one. */
export type SuperviseOutcome = { ok: true; code: string; written: boolean } | { ok: false; refusal: Message; field?: string };

type Db = Transaction<Database>;
const MODAL = 'modal';

/** Units a person may record inspections for (as the inspecting unit): those they supervise; every unit with a supervisor for an admin. */
export async function inspectingUnitsOf(deps: Pick<SuperviseDeps, 'db' | 'admins'>, actor: string): Promise<{ code: string; name: string }[]> {
  let query = deps.db.selectFrom('units').select(['code', 'name']).where('supervisor_user', 'is not', null).orderBy('code');
  if (!deps.admins.includes(actor)) query = query.where('supervisor_user', '=', actor);
  return query.execute();
}

/** Every unit, for the "unit inspected" choice. */
export async function allUnits(db: Kysely<Database>): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('units').select(['code', 'name']).orderBy('code').execute();
}

/** Where a problem is, as the form's field: the last named step of its path (`findings[0].owners[1]` → `owners`). */
const fieldOf = (path: readonly PropertyKey[]) => String([...path].reverse().find((step) => typeof step === 'string') ?? 'code');
const placed = (path: PropertyKey[] = []): Origin => ({ file: MODAL, where: fieldOf(path) });
const refusal = (problem: ImportProblem): SuperviseOutcome => ({ ok: false, refusal: problem.message, field: problem.where });

function parse<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | { ok: false; outcome: SuperviseOutcome } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
  return { ok: false, outcome: { ok: false, refusal: issueMessage(issue), field: fieldOf(path) } };
}

const emptyBundle = (): Bundle => ({ units: [], lists: [], calendar: [], cases: [], inspections: [], supervision: [], rounds: [], reviews: [] });

/**
 * Checks, plans and writes a bundle as the import does. A change to something that exists is
 * refused (a form records new things; the same form sent again changes nothing and is answered
 * as done).
 */
async function write(deps: SuperviseDeps, trx: Db, bundle: Bundle, actor: string, exists: Message): Promise<{ ok: true; written: boolean } | { ok: false; outcome: SuperviseOutcome }> {
  await sql`select pg_advisory_xact_lock(hashtext('zeren:import'))`.execute(trx);
  const [problem] = await crossCheckSupervision(trx, bundle);
  if (problem) return { ok: false, outcome: refusal(problem) };
  await adoptSupervisionCodes(trx, bundle);
  const plan: Plan = { changes: [], requested: [], moves: [], unchanged: { units: 0, lists: 0, items: 0, policies: 0, calendar: 0, cases: 0, inspections: 0, findings: 0, supervision: 0, report_rounds: 0, reviews: 0 } };
  await planSupervision(trx, bundle, localDate(deps.now, deps.timeZone), plan);
  if (plan.changes.some((change) => change.action === 'updated')) return { ok: false, outcome: { ok: false, refusal: exists, field: 'code' } };
  if (plan.changes.length === 0) return { ok: true, written: false };
  await applySupervision(trx, plan, bundle, deps.now, deps.timeZone, { actor, source: MODAL });
  return { ok: true, written: true };
}

export interface InspectionForm {
  code?: string | undefined;
  kind?: string | undefined;
  unit?: string | undefined;
  by?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  items?: string[] | undefined;
}

/**
 * Records an inspection from the modal. Only the inspecting unit's supervisor (or an admin) may;
 * bad input and refusals write nothing.
 */
export async function recordInspection(deps: SuperviseDeps, actor: string, form: InspectionForm): Promise<SuperviseOutcome> {
  const mayInspect = await inspectingUnitsOf(deps, actor);
  if (mayInspect.length === 0) return { ok: false, refusal: { key: 'supervise.notInspector' } };
  const parsed = parse(inspectionSchema, { ...form, items: form.items ?? [], findings: [] });
  if (!parsed.ok) return parsed.outcome;
  const inspection = parsed.value;
  if (!mayInspect.some((unit) => unit.code === inspection.by)) return { ok: false, refusal: { key: 'supervise.notInspectorOf', params: { unit: inspection.by } }, field: 'by' };
  return deps.db.transaction().execute(async (trx) => {
    const bundle = emptyBundle();
    bundle.inspections.push({ value: inspection, at: placed });
    const done = await write(deps, trx, bundle, actor, { key: 'supervise.inspectionExists', params: { code: inspection.code } });
    return done.ok ? { ok: true as const, code: inspection.code, written: done.written } : done.outcome;
  });
}

export interface FindingForm {
  code?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  item?: string | undefined;
  owners?: string[] | undefined;
  requirement?: string | undefined;
  due?: string | undefined;
  cadence?: string | undefined;
}

/** The stored inspection of a code (any case), for someone who may add findings to it: the inspecting unit's supervisor or an admin. */
export async function inspectionFor(deps: Pick<SuperviseDeps, 'db' | 'admins'>, actor: string, code: string): Promise<{ ok: true; inspection: { code: string; kind: string; unit: string; by: string; from: string; to: string; items: string[] } } | { ok: false; refusal: Message }> {
  const row = await deps.db
    .selectFrom('inspections')
    .innerJoin('units', 'units.code', 'inspections.by_unit')
    .select(['inspections.code', 'inspections.kind', 'inspections.unit_code', 'inspections.by_unit', 'inspections.starts_on', 'inspections.ends_on', 'inspections.key_items', 'units.supervisor_user'])
    .where(sql<string>`lower(inspections.code)`, '=', code.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) return { ok: false, refusal: { key: 'supervise.unknownInspection', params: { code: code.trim() } } };
  if (!deps.admins.includes(actor) && row.supervisor_user !== actor) return { ok: false, refusal: { key: 'supervise.notInspectorOf', params: { unit: row.by_unit } } };
  return { ok: true, inspection: { code: row.code, kind: row.kind, unit: row.unit_code, by: row.by_unit, from: row.starts_on, to: row.ends_on, items: row.key_items } };
}

/**
 * Adds a finding to a recorded inspection from the modal: a rectification item of the inspected
 * unit, prompted like any item. Only the inspecting unit's supervisor (or an admin) may.
 */
export async function addFinding(deps: SuperviseDeps, actor: string, inspectionCode: string, form: FindingForm): Promise<SuperviseOutcome> {
  const found = await inspectionFor(deps, actor, inspectionCode);
  if (!found.ok) return { ok: false, refusal: found.refusal };
  const today = localDate(deps.now, deps.timeZone);
  const parsed = parse(findingSchema, { ...form, ...(!form.item && { item: undefined }), cadence: form.cadence || 'weekly' });
  if (!parsed.ok) return parsed.outcome;
  const finding = parsed.value;
  if (finding.due < today) return { ok: false, refusal: { key: 'supervise.dueInPast', params: { today } }, field: 'due' };
  const { inspection } = found;
  return deps.db.transaction().execute(async (trx) => {
    const bundle = emptyBundle();
    const value = { code: inspection.code, kind: inspection.kind as 'inspection', unit: inspection.unit, by: inspection.by, from: inspection.from, to: inspection.to, items: inspection.items, findings: [finding] };
    bundle.inspections.push({ value, at: placed });
    const done = await write(deps, trx, bundle, actor, { key: 'supervise.findingExists', params: { code: finding.code } });
    return done.ok ? { ok: true as const, code: finding.code, written: done.written } : done.outcome;
  });
}

export interface ListingForm {
  code?: string | undefined;
  subject?: string | undefined;
  by?: string | undefined;
  reason?: string | undefined;
  due?: string | undefined;
  cadence?: string | undefined;
}

/** The units whose subjects a person may list: those they supervise and every unit below; all for an admin (the rule of cases). */
export const listingUnitsOf = caseUnitsOf;

/**
 * An item, finding or case that may be listed, by its code (any case), for someone entitled; what
 * to say otherwise. A case outside the person's units is answered as unknown (people in cases are
 * sensitive: nothing is said about its existence); its title is its category, never a person.
 */
export async function subjectFor(deps: Pick<SuperviseDeps, 'db' | 'admins'>, actor: string, code: string): Promise<{ ok: true; subject: { code: string; title: string; unit: string } } | { ok: false; refusal: Message; field?: string }> {
  const units = await listingUnitsOf(deps, actor);
  if (units.length === 0) return { ok: false, refusal: { key: 'supervise.notSupervisor' } };
  const subject = await deps.db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .select(['items.code', 'items.title', 'lists.unit_code as unit'])
    .where(sql<string>`lower(items.code)`, '=', code.trim().toLowerCase())
    .executeTakeFirst();
  if (!subject) {
    const found = await deps.db
      .selectFrom('cases')
      .select(['code', 'category as title', 'unit_code as unit'])
      .where(sql<string>`lower(code)`, '=', code.trim().toLowerCase())
      .executeTakeFirst();
    if (!found || !units.some((unit) => unit.code === found.unit)) return { ok: false, refusal: { key: 'import.unknownSubject', params: { code: code.trim() } }, field: 'subject' };
    return { ok: true, subject: found };
  }
  if (!units.some((unit) => unit.code === subject.unit)) return { ok: false, refusal: { key: 'supervise.notSupervisorOf', params: { code: subject.code, unit: subject.unit } }, field: 'subject' };
  return { ok: true, subject };
}

/**
 * Lists an item, finding or case for supervision (挂牌督办) from the modal: an order whose issuer
 * alone approves its closure. Only a supervisor of the subject's unit (or a unit above it) or an
 * admin may. A case is tracked by an item its unit's head reports on (see apply-supervision.ts).
 */
export async function listForSupervision(deps: SuperviseDeps, actor: string, form: ListingForm): Promise<SuperviseOutcome> {
  const found = await subjectFor(deps, actor, form.subject ?? '');
  if (!found.ok) return found;
  const parsed = parse(orderSchema, { ...form, subject: found.subject.code, by: form.by || actor });
  if (!parsed.ok) return parsed.outcome;
  const order = parsed.value;
  const today = localDate(deps.now, deps.timeZone);
  if (order.due < today) return { ok: false, refusal: { key: 'supervise.dueInPast', params: { today } }, field: 'due' };
  return deps.db.transaction().execute(async (trx) => {
    const bundle = emptyBundle();
    bundle.supervision.push({ value: order, at: placed });
    const done = await write(deps, trx, bundle, actor, { key: 'supervise.orderExists', params: { code: order.code } });
    return done.ok ? { ok: true as const, code: order.code, written: done.written } : done.outcome;
  });
}

export interface RoundForm {
  code?: string | undefined;
  kind?: string | undefined;
  by?: string | undefined;
  units?: string[] | undefined;
  period?: string | undefined;
  due?: string | undefined;
  reviewers?: string[] | undefined;
}

/** The units a person may issue report rounds for: those they supervise; every unit with a supervisor for an admin. */
export const issuingUnitsOf = inspectingUnitsOf;

/** The units that may be asked to report in a person's rounds: every unit below one they may issue rounds for. */
export async function reportingUnitsOf(deps: Pick<SuperviseDeps, 'db' | 'admins'>, actor: string): Promise<{ code: string; name: string }[]> {
  const issuing = new Set((await issuingUnitsOf(deps, actor)).map((unit) => unit.code));
  const units = await deps.db.selectFrom('units').select(['code', 'name', 'parent_code']).orderBy('code').execute();
  const parents = new Map(units.map((unit) => [unit.code, unit.parent_code]));
  const below = (code: string) => {
    for (let at = parents.get(code); at; at = parents.get(at)) if (issuing.has(at)) return true;
    return false;
  };
  return units.filter((unit) => below(unit.code)).map(({ code, name }) => ({ code, name }));
}

/**
 * Creates a report round (双报告 / 述责述廉) from the modal, through the `report_rounds:` import's
 * checks, plan and writer: each unit's head is then prompted like an imported round's. Only the
 * issuing unit's supervisor (or an admin) may, for units below the issuing unit, with a deadline
 * from today on; a code already used is refused (the form creates, it does not change a round).
 */
export async function createRound(deps: SuperviseDeps, actor: string, form: RoundForm): Promise<SuperviseOutcome> {
  const issuing = await issuingUnitsOf(deps, actor);
  if (issuing.length === 0) return { ok: false, refusal: { key: 'supervise.notRoundIssuer' } };
  const parsed = parse(reportRoundSchema, { ...form, units: form.units ?? [], reviewers: form.reviewers ?? [] });
  if (!parsed.ok) return parsed.outcome;
  const round = parsed.value;
  const by = round.by;
  if (!by || !issuing.some((unit) => unit.code === by)) return { ok: false, refusal: { key: 'supervise.notRoundIssuerOf', params: { unit: by ?? '—' } }, field: 'by' };
  const subtree = new Set(((await subtreeOf(deps.db, by)) ?? []).filter((code) => code !== by));
  const outside = round.units.filter((unit) => !subtree.has(unit));
  if (outside.length) return { ok: false, refusal: { key: 'supervise.roundUnitOutside', params: { units: outside.join(', '), by } }, field: 'units' };
  const today = localDate(deps.now, deps.timeZone);
  if (round.due < today) return { ok: false, refusal: { key: 'supervise.dueInPast', params: { today } }, field: 'due' };
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('zeren:import'))`.execute(trx);
    const bundle = emptyBundle();
    bundle.rounds.push({ value: round, at: placed });
    const [problem] = await crossCheckRounds(trx, bundle);
    if (problem) return refusal(problem);
    await adoptRoundCodes(trx, bundle);
    const plan: Plan = { changes: [], requested: [], moves: [], unchanged: { units: 0, lists: 0, items: 0, policies: 0, calendar: 0, cases: 0, inspections: 0, findings: 0, supervision: 0, report_rounds: 0, reviews: 0 } };
    await planRounds(trx, bundle, plan);
    const stored = await trx.selectFrom('report_rounds').select('code').where(sql<string>`lower(code)`, '=', round.code.toLowerCase()).executeTakeFirst();
    if (stored) {
      // The same form sent again (a retry) is answered as done; another round under the code is refused.
      if (plan.changes.length === 0) return { ok: true as const, code: stored.code, written: false };
      return { ok: false as const, refusal: { key: 'supervise.roundExists', params: { code: stored.code } } as Message, field: 'code' };
    }
    await applyRounds(trx, plan, deps.now, today, { actor, source: MODAL });
    return { ok: true as const, code: round.code, written: true };
  });
}
