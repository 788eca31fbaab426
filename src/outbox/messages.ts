import { CIRCULAR_HOLIDAYS } from '../domain/circulars.js';
import { z } from 'zod';
import { RATINGS, ROUND_KINDS } from '../domain/rounds.js';
import { VERIFICATION_METHODS, VERIFICATION_RESULTS } from '../domain/supervision.js';
import { APPROVAL_KINDS, REPORT_STATUSES } from '../domain/vocabulary.js';

/**
 * The outbox's contract: every kind of message the services may enqueue, with the payload it
 * carries, in platform-neutral terms (codes, user ids, numbers; no Slack blocks). Producers are
 * checked against it when compiled (`enqueue()` takes only these), the dispatcher parses each row
 * against it before delivery, and the renderer switches over it exhaustively. A new kind is
 * declared here first.
 */

const user = z.string();
const light = z.enum(['red', 'yellow', 'blue', 'green', 'grey']);
export const lightCounts = z.record(light, z.number());

/** What every scheduled message says of its item. */
const scheduledItem = z.object({
  unit: z.string(),
  item: z.string(),
  title: z.string(),
  due: z.string(),
  /** The owners to name, deputies in place of those they cover, deactivated people left out. */
  owners: z.array(user),
  /** A finding: the inspection it came from. */
  inspection: z.string().optional(),
  /** A listed subject (挂牌督办): its order's code. */
  order: z.string().optional(),
  /** A unit's report in a report round (双报告 / 述责述廉): the round's code. */
  round: z.string().optional(),
});

/** Why a reminder or an escalation is sent: a cycle without report, or an item or milestone overdue. */
const scheduledFacts = z.object({
  reason: z.enum(['silence', 'overdue']),
  silent_days: z.number().optional(),
  cycle: z.string().optional(),
  /** The outbox key of the cycle's prompt (a reminder's thread). */
  prompt: z.string().optional(),
  overdue_days: z.number().optional(),
  due_date: z.string().optional(),
  milestone: z.string().optional(),
});

/**
 * Blocks for the lines of one grouped prompt, reminder or escalation message: a heading and
 * then at most this many blocks keep a message within Block Kit's 50. A line is one block (a
 * section, its button beside it), a finding's two (its extension button below): a unit's forty
 * items are one message.
 */
export const LINE_BLOCKS_PER_MESSAGE = 49;
/** Lines in one grouped message: as many as the blocks allow. */
export const LINES_PER_MESSAGE = LINE_BLOCKS_PER_MESSAGE;

const prompt = scheduledItem.extend({ channel: z.string(), cycle: z.string() });
const reminder = scheduledItem.extend(scheduledFacts.shape);
const reminderThread = reminder.extend({ channel: z.string(), prompt: z.string() });


/**
 * One prompt per unit and instant (SPEC §2.4): the unit's items due at the same instant, a line
 * and a button each, the owners named once at the top. A lone item keeps its own `prompt`.
 */
const prompts = z.object({
  unit: z.string(),
  channel: z.string(),
  /** Everyone to name, each once: the owners of every line. */
  owners: z.array(user),
  items: z.array(scheduledItem.omit({ unit: true }).extend({ cycle: z.string() })).min(1).max(LINES_PER_MESSAGE),
});
/** An owner's reminders of one tick, in one DM listing the items they are silent or late on. */
const reminders = z.object({
  unit: z.string(),
  items: z.array(reminder.omit({ unit: true })).min(1).max(LINES_PER_MESSAGE),
});
/** The reminders of one prompt message, in one reply in its thread, each line naming its owners. */
const reminderThreads = z.object({
  unit: z.string(),
  channel: z.string(),
  /** The decision key of a prompt the lines answer (the thread is found through it). */
  prompt: z.string(),
  items: z.array(reminder.omit({ unit: true })).min(1).max(LINES_PER_MESSAGE),
});
const escalation = reminder.extend({
  level: z.union([z.literal(1), z.literal(2)]),
  /** The head (level 1) or the watching supervisor (level 2). */
  to: user,
  channel: z.string().optional(),
  /** The unit whose supervisor watches (level 2). */
  watcher: z.string().optional(),
  /** What happened before, from the ledger: the day the silence's prompt was delivered, whether a reminder and (level 2) the head's notice reached someone. */
  prompted_on: z.string().optional(),
  reminded: z.boolean().optional(),
  head_told: z.boolean().optional(),
});

/**
 * The escalations of one tick to one person (or watching channel) about one unit's items, in one
 * message: a line per item with what happened before (SPEC §2.4, mind the noise).
 */
const escalations = z.object({
  unit: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  to: user,
  channel: z.string().optional(),
  watcher: z.string().optional(),
  items: z.array(escalation.omit({ unit: true, level: true, to: true, channel: true, watcher: true })).min(1).max(LINES_PER_MESSAGE),
});

const reportNotice = z.object({
  unit: z.string(),
  channel: z.string(),
  item: z.string(),
  title: z.string(),
  actor: user,
  percent: z.number().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  note: z.string().optional(),
  internal: z.literal(true).optional(),
  evidence_url: z.string().optional(),
});

const memberDeactivated = z.object({
  unit: z.string(),
  user,
  roles: z.array(z.enum(['head', 'supervisor', 'owner'])),
  items: z.array(z.string()),
});

/** What an approval request is about, by kind: a claim (result, milestone), a list to sign, a held change. */
const approvalFacts = z.object({
  approval: z.number(),
  kind: z.enum(APPROVAL_KINDS),
  unit: z.string(),
  item: z.string().nullish(),
  // A claim's evidence.
  title: z.string().optional(),
  note: z.string().optional(),
  evidence_url: z.string().optional(),
  percent: z.number().optional(),
  milestone: z.string().optional(),
  // A list to sign.
  unit_name: z.string().optional(),
  year: z.number().optional(),
  count: z.number().optional(),
  items: z.array(z.object({ code: z.string(), title: z.string(), due: z.string(), owners: z.array(user) })).optional(),
  // A held change.
  ref: z.string().optional(),
  action: z.enum(['created', 'updated']).optional(),
  fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
  // Who closes it: the unit head, a finding's inspecting supervisor, or an order's issuer.
  closer: z.enum(['head', 'inspecting_supervisor', 'issuer']).optional(),
  // A finding's extension: the deadline asked to move, and why.
  from: z.string().optional(),
  to: z.string().optional(),
  because: z.string().optional(),
  // An order's closure: the order, and who approved the claim before it.
  order: z.string().optional(),
  approved_by: user.optional(),
  // A listed case's closure: the case's code (the request names the case and its unit, never a person of it).
  case: z.string().optional(),
});

const approvalRequest = approvalFacts.extend({
  requested_by: user,
  /** Who the request goes to (the seat holder, or their deputy today). */
  head: user.nullable(),
  /** Four eyes sent the claim above its unit: the unit whose head decides. */
  seat_unit: z.string().optional(),
  /** Four eyes sent the claim to the admins. */
  seat_admins: z.boolean().optional(),
});
const verification = z.object({ method: z.enum(VERIFICATION_METHODS), result: z.enum(VERIFICATION_RESULTS), note: z.string().optional() });
const approvalOutcome = approvalFacts.extend({ state: z.enum(['approved', 'returned']), by: user, reason: z.string().nullish(), verification: verification.optional() });

/** A unit head's deputy named or ended, told to the parent unit's supervisor (SPEC §2.4). */
const deputyNotice = z.object({
  event: z.enum(['named', 'ended']),
  unit: z.string(),
  user,
  deputy: user,
  by: user,
  from: z.string().optional(),
  to: z.string().optional(),
});

const digest = z.object({
  unit: z.string(),
  name: z.string(),
  week: z.string(),
  counts: lightCounts,
  total: z.number(),
  changed: z.array(z.object({ code: z.string(), title: z.string(), percent: z.number().nullable() })),
  overdue: z.array(z.object({ code: z.string(), title: z.string(), due: z.string() })),
  silent: z.array(z.object({ owner: user, items: z.array(z.string()) })),
  pending: z.number(),
  children: z.array(z.object({ unit: z.string(), name: z.string(), counts: lightCounts, items: z.number(), onTimeRate: z.number(), signed: z.boolean() })),
  /** Whether people are @-mentioned in the unit's channel. */
  mentions: z.boolean().optional(),
  /** A parent unit's accountability figures for its subtree this year: counts only, never a case or a person. */
  cases: z
    .object({ year: z.number(), cases: z.number(), person_times: z.number(), people: z.number(), forms: z.array(z.number()).length(4), shares: z.array(z.number()).length(4) })
    .optional(),
  /** The unit's subjects listed for supervision (挂牌督办), shown first. */
  listed: z.array(z.object({ code: z.string(), title: z.string(), order: z.string() })).optional(),
  /** Child units with no inspection in the last six months (the seed: at least every half year). */
  uninspected: z.array(z.object({ unit: z.string(), name: z.string() })).optional(),
  /** The report rounds the unit issued that are open or recent: units on time, late, missing; ratings. */
  rounds: z
    .array(
      z.object({
        code: z.string(),
        kind: z.enum(ROUND_KINDS),
        period: z.string(),
        due: z.string(),
        counts: z.object({ on_time: z.number(), late: z.number(), missing: z.number(), pending: z.number() }),
        behind: z.array(z.string()),
        ratings: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), poor: z.number() }),
        unrated: z.number(),
      }),
    )
    .optional(),
  /** A parent's children's items of last year with no year-end verdict, after the end of January (the first few, and how many). */
  unreviewed: z.object({ year: z.number().int(), count: z.number().int(), items: z.array(z.object({ unit: z.string(), code: z.string(), title: z.string() })) }).optional(),
  /** The unit's published list page (ZEREN_PUBLIC_URL set and the list signed). */
  public_list: z.object({ url: z.string(), year: z.number().int() }).optional(),
});

const digestChart = z.object({
  unit: z.string(),
  week: z.string(),
  /** The outbox key of the digest the chart goes under. */
  digest: z.string(),
  weeks: z.array(z.object({ week: z.string(), counts: lightCounts })),
  /** A parent unit's four forms of the year (person-times and shares), drawn below the lights. */
  forms: z.object({ year: z.number().int(), forms: z.array(z.number().int().nonnegative()).length(4), shares: z.array(z.number()).length(4) }).optional(),
});

/** A supervisor of a unit with units below it, reminded to prepare a circular before a holiday window (通报曝光). */
const circularReminder = z.object({
  unit: z.string(),
  name: z.string(),
  supervisor: user,
  first_day_off: z.string(),
  holidays: z.array(z.enum(CIRCULAR_HOLIDAYS)),
});

/** A circular (通报) posted in one channel of its scope; cited cases carry people's references only when not anonymised. */
const circular = z.object({
  circular: z.number(),
  scope: z.string(),
  unit: z.string(),
  by: user,
  title: z.string(),
  text: z.string(),
  cases: z.array(
    z.object({
      code: z.string(),
      unit: z.string(),
      category: z.string(),
      measures: z.array(z.object({ form: z.number(), measure: z.string(), person: z.string().optional() })),
    }),
  ),
});

/** A unit's report in a round, sent to one reviewer with the Rate button. */
const roundSubmission = z.object({
  round: z.string(),
  kind: z.enum(ROUND_KINDS),
  period: z.string(),
  unit: z.string(),
  unit_name: z.string(),
  item: z.string(),
  by: user,
  summary: z.string(),
  link: z.string().optional(),
  on_time: z.boolean(),
  resubmitted: z.boolean(),
  reviewer: user,
});

/** A reviewer's rating and feedback, told to the unit's head by DM. */
const roundRating = z.object({
  round: z.string(),
  kind: z.enum(ROUND_KINDS),
  period: z.string(),
  unit: z.string(),
  item: z.string(),
  reviewer: user,
  rating: z.enum(RATINGS),
  feedback: z.string(),
  changed: z.boolean(),
  /** A finding opened with the rating. */
  finding: z.string().optional(),
});

/** The message posted once in each channel a unit gets: what Zeren is, `/progress`, App Home; and where the unit came from, after a move. */
const channelWelcome = z.object({
  unit: z.string(),
  name: z.string(),
  /** The channel the unit moved here from (a re-import with another `channel`). */
  moved_from: z.string().optional(),
});

/** Told in a unit's old channel when it moved to another. */
const channelMoved = z.object({
  unit: z.string(),
  name: z.string(),
  /** The channel the unit is in now. */
  to: z.string(),
});

const kind = <K extends string, P extends z.ZodType>(name: K, payload: P) => z.object({ kind: z.literal(name), payload });

/** Every message kind with its payload, discriminated by `kind`. */
export const outboxBody = z.discriminatedUnion('kind', [
  kind('prompt', prompt),
  kind('reminder', reminder),
  kind('reminder_thread', reminderThread),
  kind('prompts', prompts),
  kind('reminders', reminders),
  kind('reminder_threads', reminderThreads),
  kind('escalations', escalations),
  kind('escalation', escalation),
  kind('report_notice', reportNotice),
  kind('member_deactivated', memberDeactivated),
  kind('approval_request', approvalRequest),
  kind('approval_outcome', approvalOutcome),
  kind('deputy_notice', deputyNotice),
  kind('digest', digest),
  kind('digest_chart', digestChart),
  kind('circular_reminder', circularReminder),
  kind('circular', circular),
  kind('round_submission', roundSubmission),
  kind('round_rating', roundRating),
  kind('channel_welcome', channelWelcome),
  kind('channel_moved', channelMoved),
]);

/** A message kind and its payload, as producers write it. */
export type OutboxBodyInput = z.input<typeof outboxBody>;
/** A message kind and its payload, as parsed for delivery. */
export type OutboxBody = z.output<typeof outboxBody>;
export type OutboxKind = OutboxBody['kind'];
/** The payload of one kind, as producers write it. */
export type PayloadOf<K extends OutboxKind> = Extract<OutboxBodyInput, { kind: K }>['payload'];

/**
 * Parses a stored row's kind and payload; on failure says which fields were wrong, in one line.
 *
 * @example
 * parseOutboxBody('prompt', { unit: 'NJ' }) // { ok: false, error: 'payload.item: Invalid input: expected string, received undefined; …' }
 */
export function parseOutboxBody(kind: string, payload: unknown): { ok: true; body: OutboxBody } | { ok: false; error: string } {
  const parsed = outboxBody.safeParse({ kind, payload });
  if (parsed.success) return { ok: true, body: parsed.data };
  const error = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error };
}
