import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CaseSource, Form, Fulfilment } from '../domain/cases.js';
import type { PolicyLayer } from '../domain/policy.js';
import type {
  Approval,
  ApprovalKind,
  ApprovalState,
  Cadence,
  LedgerSource,
  ListKind,
  MembershipState,
  OutboxState,
  PolicyScope,
  ReportStatus,
  Responsibility,
} from '../domain/vocabulary.js';

export type { ListKind } from '../domain/vocabulary.js';
import type { InspectionKind, ListingReason, OrderState, Severity, Verification } from '../domain/supervision.js';
import type { Rating, RoundKind } from '../domain/rounds.js';
import type { Verdict } from '../domain/reviews.js';

/** A `date` column: read and written as `YYYY-MM-DD` text, never as a Date in some zone. */
export type DateText = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | T, string | T>;

export interface UnitTable {
  code: string;
  name: string;
  parent_code: string | null;
  head_user: string | null;
  supervisor_user: string | null;
  channel_name: string | null;
  channel_id: string | null;
  channel_ready_at: Timestamp | null;
  /** A re-import gave another `channel`: the next set-up run moves the unit there (then null). */
  channel_move_requested_at: Timestamp | null;
  mentions: Generated<boolean>;
  channel_error: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface PersonTable {
  user_id: string;
  email: string | null;
  display_name: string | null;
  locale: string | null;
  locale_checked_at: Timestamp | null;
  deactivated: Generated<boolean>;
  updated_at: DefaultedTimestamp;
}

export interface DeputyTable {
  id: Generated<number>;
  user_id: string;
  deputy_user: string;
  starts_on: DateText;
  /** The last day in force: moved earlier when the period is ended (before `starts_on` if it never began). */
  ends_on: DateText;
  /** The last day as named (filled in at naming, and for older rows when they are ended). */
  named_ends_on: DateText | null;
  created_by: string;
  created_at: DefaultedTimestamp;
  ended_at: Timestamp | null;
  ended_by: string | null;
  /** The units whose ledgers recorded the naming. */
  units: ColumnType<string[], string[] | undefined, string[]>;
}

export interface ListTable {
  id: Generated<number>;
  unit_code: string;
  year: number;
  /** `rectification`: the findings made against the unit (整改), beside its responsibility list. */
  kind: ColumnType<ListKind, ListKind | undefined, ListKind>;
  version: Generated<number>;
  content_hash: string | null;
  signed_at: Timestamp | null;
  signed_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ItemTable {
  code: string;
  list_id: number;
  title: string;
  responsibility: Responsibility;
  target: string | null;
  department: string | null;
  measures: string | null;
  start: DateText;
  due: DateText;
  cadence: Cadence;
  closed_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ItemOwnerTable {
  item_code: string;
  user_id: string;
  position: number;
}

export interface MilestoneTable {
  item_code: string;
  position: number;
  title: string;
  due: DateText;
  percent: number | null;
  completed_at: Timestamp | null;
}

export interface LedgerTable {
  id: Generated<number>;
  unit_code: string;
  item_code: string | null;
  kind: string;
  actor: string;
  source: LedgerSource;
  at: DefaultedTimestamp;
  details: Json;
  /** Both computed in Node (services/ledger.ts, keyed with ZEREN_LEDGER_KEY); the trigger checks the link. */
  prev_hash: string;
  hash: string;
}

/** One row: entries from `keyed_from` on are HMAC-keyed; `seal` is an HMAC of that boundary. */
export interface LedgerKeyingTable {
  singleton: Generated<boolean>;
  keyed_from: number;
  seal: string | null;
  created_at: Generated<Date>;
}

export interface LedgerHeadTable {
  unit_code: string;
  last_id: number | null;
  hash: string;
}

export interface ItemStateTable {
  item_code: string;
  percent: number | null;
  status: ReportStatus | null;
  note: string | null;
  /** The latest note not marked internal: the one the public pages may show. */
  public_note: Generated<string | null>;
  evidence_url: string | null;
  last_report_at: Timestamp | null;
  last_report_by: string | null;
  approval: ColumnType<Approval, Approval | undefined, Approval>;
  approved_at: Timestamp | null;
  return_reason: string | null;
  updated_at: DefaultedTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  payload: Json;
  lane: string;
  state: ColumnType<OutboxState, OutboxState | undefined>;
  attempts: Generated<number>;
  not_before: DefaultedTimestamp;
  lease_until: Timestamp | null;
  lease_owner: string | null;
  result: Json | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  sent_at: Timestamp | null;
}

/** A lane's next free instant, shared by every dispatcher on the database (pacing and 429 holds). */
export interface OutboxLaneTable {
  lane: string;
  next_at: Timestamp;
}

/** The key of a sent outbox row that was pruned: writing that key again still keeps the first. */
export interface OutboxPrunedTable {
  idempotency_key: string;
  kind: string;
  sent_at: Timestamp | null;
  pruned_at: Timestamp;
}

export interface CalendarDayTable {
  day: DateText;
  working: boolean;
  name: string | null;
  source: ColumnType<string, string | undefined, string>;
  updated_at: DefaultedTimestamp;
}

export interface PolicyTable extends PolicyLayer {
  scope: PolicyScope;
  ref: string;
  updated_at: DefaultedTimestamp;
}

export interface UnitMemberTable {
  unit_code: string;
  user_id: string;
  state: MembershipState;
  detail: string | null;
  /** Failed invites in a row; 0 once the person is in (or deactivated). */
  attempts: Generated<number>;
  /** When a failed invite may be tried again; null otherwise. */
  retry_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export interface SlackDeliveryTable {
  key: string;
  received_at: DefaultedTimestamp;
}

export interface ScheduledEventTable {
  key: string;
  kind: string;
  item_code: string;
  due_at: Timestamp;
  decided_at: Timestamp;
}

/** Which outbox messages carry a scheduled decision, when a message carries several (a unit's prompt, an owner's reminders). */
export interface ScheduledMessageTable {
  event_key: string;
  message_key: string;
}

/** A minute's tick, planned once for the replicas that share it (services/tick-chunks.ts). */
export interface TickRunTable {
  run: Timestamp;
  planned_at: Timestamp;
}

/** A range of unit codes [lo, hi) of a tick run, decided in one transaction by whoever takes it. */
export interface TickChunkTable {
  run: Timestamp;
  lo: string;
  hi: string | null;
  items: number;
  done_at: Timestamp | null;
}

export interface InspectionTable {
  code: string;
  kind: InspectionKind;
  unit_code: string;
  by_unit: string;
  starts_on: DateText;
  ends_on: DateText;
  key_items: ColumnType<string[], string[] | undefined, string[]>;
  recorded_by: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface FindingTable {
  item_code: string;
  inspection_code: string;
  severity: Severity;
  concerns_item: string | null;
  requirement: string;
  verification: Json<Verification & { by: string; at: string }> | null;
}

export interface SupervisionOrderTable {
  code: string;
  subject_code: string;
  unit_code: string;
  issuer: string;
  reason: ListingReason;
  due: DateText;
  cadence: Cadence;
  state: ColumnType<OrderState, OrderState | undefined, OrderState>;
  closed_at: Timestamp | null;
  created_by: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ApprovalTable {
  id: Generated<number>;
  kind: ApprovalKind;
  unit_code: string;
  item_code: string | null;
  list_id: number | null;
  milestone_position: number | null;
  requested_by: string;
  requested_at: Timestamp;
  details: Json;
  state: ColumnType<ApprovalState, ApprovalState | undefined>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reason: string | null;
}

/** An accountability case (一案双查). */
export interface CaseTable {
  code: string;
  unit_code: string;
  opened: DateText;
  source: CaseSource;
  category: string;
  primary_finding: Fulfilment | null;
  supervisory_finding: Fulfilment | null;
  /** The day the case was concluded (结案), or null while it is open. */
  concluded: ColumnType<DateText | null, DateText | null | undefined, DateText | null>;
  /** The item that tracks the case while it is listed for supervision (a `case` list's item), or null. */
  item_code: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** One person and measure of a case, in one of the four forms. */
export interface CaseDispositionTable {
  case_code: string;
  position: number;
  person_ref: string;
  form: Form;
  measure: string;
  decided: DateText;
}

/** An accountability decision that follows a case: who is held to account for which responsibility. */
export interface CaseDecisionTable {
  case_code: string;
  position: number;
  target: string;
  responsibility: Responsibility;
  measure: string;
  decided: DateText;
}

/** A circular (通报) posted to the channels of a unit's subtree. */
export interface CircularTable {
  id: Generated<number>;
  request_key: string;
  unit_code: string;
  title: string;
  body: string;
  cases: ColumnType<string[], string[] | undefined, string[]>;
  anonymised: boolean;
  created_by: string;
  created_at: DefaultedTimestamp;
}

/** A report round (双报告 / 述责述廉): who must report, by when, and who rates the reports. */
export interface ReportRoundTable {
  code: string;
  kind: RoundKind;
  period: string;
  due: DateText;
  /** The issuing unit: the round's status is in its weekly digest. */
  by_unit: string;
  reviewers: ColumnType<string[], string[], string[]>;
  created_by: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** A unit that must report in a round, its item, and its current submission. */
export interface ReportRoundUnitTable {
  round_code: string;
  unit_code: string;
  item_code: string;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  first_submitted_at: Timestamp | null;
  summary: string | null;
  link: string | null;
  submissions: ColumnType<number, number | undefined, number>;
}

/** A reviewer's current rating of a unit's report. */
export interface ReportRatingTable {
  round_code: string;
  unit_code: string;
  reviewer: string;
  rating: Rating;
  feedback: string;
  finding_code: string | null;
  rated_at: Timestamp;
}

/** The year-end review's current verdict on an item (逐项过堂); each verdict is a ledger entry. */
export interface ItemReviewTable {
  item_code: string;
  unit_code: string;
  year: number;
  verdict: Verdict;
  note: string | null;
  reviewed_by: string;
  reviewed_at: Timestamp;
}

export interface Database {
  item_reviews: ItemReviewTable;
  report_rounds: ReportRoundTable;
  report_round_units: ReportRoundUnitTable;
  report_ratings: ReportRatingTable;
  circulars: CircularTable;
  cases: CaseTable;
  case_dispositions: CaseDispositionTable;
  case_decisions: CaseDecisionTable;
  units: UnitTable;
  people: PersonTable;
  deputies: DeputyTable;
  lists: ListTable;
  items: ItemTable;
  item_owners: ItemOwnerTable;
  milestones: MilestoneTable;
  ledger: LedgerTable;
  ledger_heads: LedgerHeadTable;
  ledger_keying: LedgerKeyingTable;
  item_state: ItemStateTable;
  outbox: OutboxTable;
  outbox_lanes: OutboxLaneTable;
  outbox_pruned: OutboxPrunedTable;
  calendar_days: CalendarDayTable;
  policies: PolicyTable;
  unit_members: UnitMemberTable;
  slack_deliveries: SlackDeliveryTable;
  scheduled_events: ScheduledEventTable;
  scheduled_messages: ScheduledMessageTable;
  tick_runs: TickRunTable;
  tick_chunks: TickChunkTable;
  approvals: ApprovalTable;
  inspections: InspectionTable;
  findings: FindingTable;
  supervision_orders: SupervisionOrderTable;
}

export type Unit = Selectable<UnitTable>;
export type Item = Selectable<ItemTable>;
export type LedgerEntry = Selectable<LedgerTable>;
export type NewLedgerEntry = Insertable<LedgerTable>;
