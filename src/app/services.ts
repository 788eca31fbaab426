import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { localDate } from '../domain/time.js';
import { decideApproval, requestMessage, type Decision } from '../services/approvals.js';
import { firstDelivery, postedAs, recordDeliveryFailure } from '../services/deliveries.js';
import { loadItemStates, type ItemFilter } from '../services/item-states.js';
import { deputiesOf, endDeputies, nameDeputy, type DeputyNamingRequest } from '../services/deputies.js';
import { cachedLocale, rememberLocale } from '../services/people.js';
import { checkReporter, openMilestones, recordReport, type ReportInput } from '../services/progress.js';
import { checkExtension, requestExtension, type ExtensionRequest } from '../services/findings.js';
import { tick } from '../services/tick.js';
import { caseFor, caseUnitsOf, recordCase } from '../services/cases.js';
import { sendCircular, type CircularRequest } from '../services/circulars.js';
import { loadScheduleSettings } from '../services/schedule-settings.js';
import { checkRate, checkSubmit, rateReport, submitReport, type RatingInput, type SubmissionInput } from '../services/report-rounds.js';
import { editableLists, editItem, itemForEdit, setItemClosed } from '../services/list-edits.js';
import { yearMissingCalendar } from '../services/calendar-years.js';
import { recordVerdicts, reviewUnitsOf, type VerdictInput } from '../services/reviews.js';
import { reviewDocument } from '../services/review-document.js';
import { pruneOutbox } from '../outbox/prune.js';
import { addFinding, allUnits, createRound, inspectingUnitsOf, issuingUnitsOf, reportingUnitsOf, type RoundForm, inspectionFor, listForSupervision, listingUnitsOf, recordInspection, subjectFor, type FindingForm, type InspectionForm, type ListingForm } from '../services/supervise.js';

export type Clock = () => Date;

/**
 * The use cases as the Slack listeners and web routes see them: bound to the database, the
 * clock and the organisation's time zone, so that listeners never touch the database.
 */
export function createServices(db: Kysely<Database>, clock: Clock, config: Pick<Config, 'ZEREN_TIMEZONE' | 'ZEREN_LOCALE' | 'ZEREN_WORKING_HOURS' | 'ZEREN_DIGEST_AT' | 'ZEREN_ADMINS' | 'ZEREN_DEPUTY_MAX_DAYS' | 'ZEREN_CIRCULAR_DAYS_AHEAD' | 'ZEREN_PUBLIC_PAGES' | 'ZEREN_PUBLIC_URL' | 'ZEREN_OUTBOX_RETENTION_DAYS'>) {
  const deps = () => ({ db, now: clock(), timeZone: config.ZEREN_TIMEZONE, admins: config.ZEREN_ADMINS });
  // Links to the public pages only where they are served.
  const publicUrl = config.ZEREN_PUBLIC_PAGES === 'on' ? config.ZEREN_PUBLIC_URL : undefined;
  const deputyDeps = () => ({ ...deps(), maxDays: config.ZEREN_DEPUTY_MAX_DAYS });
  return {
    clock,
    timeZone: config.ZEREN_TIMEZONE,
    defaultLocale: config.ZEREN_LOCALE,
    /** The base of links to the public list pages (ZEREN_PUBLIC_URL while ZEREN_PUBLIC_PAGES is on). */
    publicUrl,
    today: () => localDate(clock(), config.ZEREN_TIMEZONE),
    dateOf: (instant: Date) => localDate(instant, config.ZEREN_TIMEZONE),
    progress: {
      check: (actor: string, code: string) => checkReporter(deps(), actor, code),
      record: (input: ReportInput) => recordReport(deps(), input),
      openMilestones: (code: string) => openMilestones(db, code),
    },
    approvals: {
      decide: (decision: Decision) => decideApproval(deps(), decision),
      /** Where a request's message was posted, by its own record. */
      message: (approval: number) => requestMessage(db, approval),
    },
    findings: {
      checkExtension: (actor: string, code: string) => checkExtension(deps(), actor, code),
      requestExtension: (request: ExtensionRequest) => requestExtension(deps(), request),
    },
    /** The coming year without holidays or 调休 data (from November on), for the warnings. */
    calendar: {
      missingYear: () => yearMissingCalendar(deps()),
      /** The same, for an admin's App Home; null for anyone else. */
      missingYearFor: async (user: string) => (config.ZEREN_ADMINS.includes(user) ? yearMissingCalendar(deps()) : null),
    },
    /** Report rounds: a unit's head submits, a named reviewer rates. */
    rounds: {
      checkSubmit: (actor: string, item: string) => checkSubmit(deps(), actor, item),
      submit: (input: SubmissionInput) => submitReport(deps(), input),
      checkRate: (actor: string, item: string) => checkRate(deps(), actor, item),
      rate: (input: RatingInput) => rateReport(deps(), input),
    },
    /** The year-end review (逐项过堂): by a unit's head, its supervisors and admins. */
    reviews: {
      units: (actor: string) => reviewUnitsOf(deps(), actor),
      document: (unit: string, year: number) => reviewDocument(deps(), unit, year),
      record: (actor: string, inputs: VerdictInput[]) => recordVerdicts(deps(), actor, inputs),
    },
    items: {
      list: (filter: ItemFilter) => loadItemStates(deps(), filter),
    },
    deputies: {
      maxDays: config.ZEREN_DEPUTY_MAX_DAYS,
      of: (user: string) => deputiesOf(db, user, localDate(clock(), config.ZEREN_TIMEZONE)),
      name: (request: DeputyNamingRequest) => nameDeputy(deputyDeps(), request),
      end: (request: { actor: string; user?: string }) => endDeputies(deputyDeps(), request),
    },
    /** Accountability cases: seen and recorded only by supervisors of the unit or a unit above it, and admins. */
    cases: {
      units: (actor: string) => caseUnitsOf(deps(), actor),
      find: (actor: string, code: string) => caseFor(deps(), actor, code),
      record: (actor: string, input: Record<string, unknown>) => recordCase(deps(), actor, input),
    },
    /** Inspections, findings and listing for supervision from Slack: the import's checks and writer, the person as actor. */
    supervise: {
      units: () => allUnits(db),
      inspecting: (actor: string) => inspectingUnitsOf(deps(), actor),
      listing: (actor: string) => listingUnitsOf(deps(), actor),
      inspection: (actor: string, code: string) => inspectionFor(deps(), actor, code),
      subject: (actor: string, code: string) => subjectFor(deps(), actor, code),
      recordInspection: (actor: string, form: InspectionForm) => recordInspection(deps(), actor, form),
      addFinding: (actor: string, inspection: string, form: FindingForm) => addFinding(deps(), actor, inspection, form),
      list: (actor: string, form: ListingForm) => listForSupervision(deps(), actor, form),
      issuing: (actor: string) => issuingUnitsOf(deps(), actor),
      reporting: (actor: string) => reportingUnitsOf(deps(), actor),
      createRound: (actor: string, form: RoundForm) => createRound(deps(), actor, form),
    },
    circulars: {
      send: async (request: CircularRequest) =>
        sendCircular({ ...deps(), workingHours: config.ZEREN_WORKING_HOURS, calendar: (await loadScheduleSettings(db)).calendar }, request),
    },
    /** Editing a list in Slack: by an admin or the unit's head only. */
    listEdits: {
      lists: (actor: string) => editableLists(deps(), actor),
      find: (actor: string, code: string) => itemForEdit(deps(), actor, code),
      edit: (actor: string, input: Parameters<typeof editItem>[2]) => editItem(deps(), actor, input),
      setClosed: (actor: string, code: string, closed: boolean) => setItemClosed(deps(), actor, code, closed),
    },
    people: {
      cachedLocale: (user: string) => cachedLocale(db, user, clock()),
      rememberLocale: (user: string, locale: string | null, deactivated: boolean) => rememberLocale(db, user, locale, deactivated, clock()),
    },
    /** Decides everything due at an instant (now by default) and writes it to the outbox; `dryRun` writes nothing and lists the messages. */
    tick: (at?: Date, options: { dryRun?: boolean } = {}) =>
      tick({ db, now: at ?? clock(), timeZone: config.ZEREN_TIMEZONE, workingHours: config.ZEREN_WORKING_HOURS, digest: config.ZEREN_DIGEST_AT, circularDaysAhead: config.ZEREN_CIRCULAR_DAYS_AHEAD, publicUrl, dryRun: options.dryRun ?? false }),
    outbox: {
      /** Deletes sent rows past ZEREN_OUTBOX_RETENTION_DAYS (a bounded batch, keys kept); see outbox/prune.ts. */
      prune: () => pruneOutbox(db, { now: clock(), retentionDays: config.ZEREN_OUTBOX_RETENTION_DAYS }),
    },
    deliveries: {
      first: (key: string) => firstDelivery(db, key, clock()),
      failed: (failure: Parameters<typeof recordDeliveryFailure>[1]) => recordDeliveryFailure(db, failure, clock()),
      postedAs: (key: string) => postedAs(db, key),
    },
  };
}

export type Services = ReturnType<typeof createServices>;
