import { sql, type Kysely, type Transaction } from 'kysely';
import { joinedFinding, joinedListing, milestonesOfItem, ownersOfItem } from '../db/item-fragments.js';
import type { Database } from '../db/schema.js';
import type { Approval, Cadence } from '../domain/vocabulary.js';
import { dueAt, type Due } from '../domain/schedule.js';
import type { Policy } from '../domain/policy.js';
import { localDate } from '../domain/time.js';
import { nextWorkingMoment } from '../domain/working-hours.js';
import { recipientsOf, type Directory, type RoutedUnit } from '../domain/recipients.js';
import { enqueueNew, type OutboxMessage } from '../outbox/outbox.js';
import { dueCircularReminders } from './circulars.js';
import { defaultDigestSchedule, dueDigests, type DigestSchedule } from './digests.js';
import { deliveredPrompts, deliveredSteps } from './delivered.js';
import { appendLedger, type LedgerRecord } from './ledger.js';
import { groupScheduled, type ScheduledMessage } from './scheduled-groups.js';
import { loadScheduleSettings } from './schedule-settings.js';
import { openItemsByUnit, planRun, rangeDone, rangesOf, runOf, takeRange, type UnitRange } from './tick-chunks.js';

export interface TickDeps {
  db: Kysely<Database>;
  now: Date;
  timeZone: string;
  workingHours: readonly [string, string];
  /** When weekly digests go out (default Friday 16:00). */
  digest?: DigestSchedule;
  /** Working days before a holiday window that circular reminders go out (ZEREN_CIRCULAR_DAYS_AHEAD, default 5). */
  circularDaysAhead?: number;
  /** ZEREN_PUBLIC_URL (when the public pages are on): digests link to their unit's published list. */
  publicUrl?: string | undefined;
  /**
   * Decide, write and roll back (`zeren tick --dry-run`): the result lists the messages a real
   * tick would queue, and nothing stays written. A unit whose channel is not set up yet counts as
   * set up, as the real tick sets channels up first.
   */
  dryRun?: boolean;
  /** Open items per range of units decided in one transaction (services/tick-chunks.ts; default CHUNK_ITEMS). */
  chunkItems?: number;
}

export interface TickResult {
  /** Items looked at. */
  items: number;
  /** New decisions by kind: prompt, reminder, escalation, overdue. */
  decided: Record<string, number>;
  /** Outbox messages written. */
  enqueued: number;
  /** Milliseconds spent deciding (reading and computing) and writing. */
  decideMs: number;
  writeMs: number;
  /** With `dryRun`: the messages that would have been queued. */
  messages?: OutboxMessage[];
}

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: unknown) {
    super('dry run: rolled back');
  }
}

interface UnitRow {
  code: string;
  parent_code: string | null;
  head_user: string | null;
  supervisor_user: string | null;
  channel_id: string | null;
  channel_ready_at: Date | null;
}

/** Stands for an item's code in a shared schedule computation. */
const CODE = '\u0000';

// Rows per statement, within PostgreSQL's parameter limit.
const BATCH = 1000;
/** Keys looked up at once by {@link newDues}. */
const KEY_BATCH = 10_000;
const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) => rows.slice(i * BATCH, (i + 1) * BATCH));

/** Who is who and what rules hold, for the whole tick: settings, units, deactivated people, deputies. */
async function loadWorld(deps: TickDeps, today: string) {
  const { db, now } = deps;
  const [settings, units, people, deputies] = await Promise.all([
    loadScheduleSettings(db),
    db.selectFrom('units').select(['code', 'parent_code', 'head_user', 'supervisor_user', 'channel_name', 'channel_id', 'channel_ready_at']).execute(),
    db.selectFrom('people').select('user_id').where('deactivated', '=', true).execute(),
    db.selectFrom('deputies').select(['user_id', 'deputy_user']).where('starts_on', '<=', today).where('ends_on', '>=', today).orderBy('id').execute(),
  ]);
  return {
    ...settings,
    units: new Map<string, UnitRow>(
      units.map((unit) => [
        unit.code,
        deps.dryRun && !(unit.channel_id && unit.channel_ready_at) ? { ...unit, channel_id: `#${unit.channel_name ?? `zr-${unit.code.toLowerCase()}`}`, channel_ready_at: now } : unit,
      ]),
    ),
    deactivated: new Set(people.map((person) => person.user_id)),
    deputyOf: new Map(deputies.map((deputy) => [deputy.user_id, deputy.deputy_user])),
  };
}

/** The open, started items of a range of units, with what the schedule needs of each: a few set-based queries, none per item. */
async function loadItems(db: Kysely<Database>, deps: TickDeps, today: string, range: UnitRange) {
  const { now } = deps;
  let query = db
    .selectFrom('items')
    .innerJoin('lists', 'lists.id', 'items.list_id')
    .leftJoin('item_state', 'item_state.item_code', 'items.code')
    .leftJoin('supervision_orders as so', (join) => join.onRef('so.subject_code', '=', 'items.code').on('so.state', '<>', 'closed'))
    .leftJoin('findings as f', 'f.item_code', 'items.code')
    .leftJoin('inspections as i', 'i.code', 'f.inspection_code')
    .leftJoin('units as u', 'u.code', 'i.by_unit')
    .leftJoin('report_round_units as ru', 'ru.item_code', 'items.code')
    .select([
      'items.code',
      'items.title',
      'items.cadence',
      'items.start',
      'items.due',
      'lists.unit_code',
      'lists.year',
      'item_state.percent',
      'item_state.approval',
      'item_state.last_report_at',
      ownersOfItem().as('owners'),
      milestonesOfItem().as('milestones'),
      joinedFinding().as('finding'),
      joinedListing().as('listing'),
      'ru.round_code as round',
    ])
    .where('items.closed_at', 'is', null)
    .where('items.start', '<=', today)
    .where('lists.unit_code', '>=', range.lo);
  if (range.hi !== null) query = query.where('lists.unit_code', '<', range.hi);
  const [items, prompts] = await Promise.all([query.execute(), deliveredPrompts(db, now, range)]);
  // Replaying an earlier instant (`zeren tick --at`): a report made after it does not count.
  const later = items.filter((item) => item.last_report_at && item.last_report_at > now).map((item) => item.code);
  const asOfThen = new Map<string, Date | null>();
  for (const batch of chunks(later)) {
    const rows = await db
      .selectFrom('ledger')
      .select(['item_code', (eb) => eb.fn.max('at').as('at')])
      .where('kind', '=', 'report')
      .where('at', '<=', now)
      .where('item_code', 'in', batch)
      .groupBy('item_code')
      .execute();
    for (const code of batch) asOfThen.set(code, null);
    for (const row of rows) asOfThen.set(row.item_code as string, row.at as Date);
  }
  return items.map((item) => {
    const lastReportAt = asOfThen.has(item.code) ? (asOfThen.get(item.code) ?? null) : item.last_report_at;
    // Silence counts from the first prompt after the last report that reached the owners.
    const promptedAt = prompts.get(item.code)?.find((at) => !lastReportAt || at > lastReportAt) ?? null;
    return { ...item, last_report_at: lastReportAt, prompted_at: promptedAt };
  });
}

type World = Awaited<ReturnType<typeof loadWorld>>;
type LoadedItem = Awaited<ReturnType<typeof loadItems>>[number];

interface Decision {
  due: Due;
  item: LoadedItem;
  messages: OutboxMessage[];
  ledger: LedgerRecord;
}

/** The routing's view of who is who today (SPEC §2.4): units with their set-up channels, deactivated people, deputies. */
function directoryOf(loaded: Pick<World, 'units' | 'deactivated' | 'deputyOf'>): Directory {
  const routed = new Map<string, RoutedUnit>();
  for (const unit of loaded.units.values()) {
    routed.set(unit.code, {
      code: unit.code,
      parentCode: unit.parent_code,
      head: unit.head_user,
      supervisor: unit.supervisor_user,
      channel: unit.channel_id && unit.channel_ready_at ? unit.channel_id : null,
    });
  }
  return { unit: (code) => routed.get(code), deactivated: loaded.deactivated, deputyOf: loaded.deputyOf };
}

/**
 * The messages and the ledger entry of one due thing, addressed by the recipients rule
 * (domain/recipients.ts). Returns null when the decision must wait (its channel is not set up
 * yet, or nobody can be told).
 */
function decide(due: Due, item: LoadedItem, directory: Directory, notBefore: Date, now: Date): Decision | null {
  const routing = recipientsOf(
    due.kind === 'prompt' ? { kind: 'prompt' } : { kind: due.kind, level: due.level },
    { unit: item.unit_code, owners: item.owners, finding: item.finding, listing: item.listing },
    directory,
  );
  if (!routing) return null;
  const { owners, recipients } = routing;
  const base = {
    unit: item.unit_code,
    item: item.code,
    title: item.title,
    due: item.due,
    owners,
    ...(item.finding && { inspection: item.finding.inspection }),
    ...(item.listing && { order: item.listing.code }),
    ...(item.round && { round: item.round }),
  };
  const to = (key: string, lane: string) => ({ key, lane, notBefore });
  let messages: OutboxMessage[];
  if (due.kind === 'prompt') {
    messages = routing.addresses.map((address) => ({ ...to(due.key, address.lane), kind: 'prompt', payload: { ...base, channel: address.lane, cycle: due.cycle.key } }));
  } else {
    const prompt = due.kind === 'silence' ? `prompt:${item.code}:${due.cycle.key}` : undefined;
    const facts =
      due.kind === 'silence'
        ? { ...base, reason: 'silence' as const, silent_days: due.silentDays, cycle: due.cycle.key, prompt }
        : { ...base, reason: 'overdue' as const, overdue_days: due.overdueDays, due_date: due.dueDate, ...(due.milestone && { milestone: due.milestone.title }) };
    messages = routing.addresses.map((address): OutboxMessage => {
      const envelope = to(`${due.key}>${address.message === 'reminder_thread' ? 'thread' : address.lane}`, address.lane);
      switch (address.message) {
        case 'reminder':
          return { ...envelope, kind: 'reminder', payload: facts };
        case 'prompt':
          throw new Error(`a prompt address for ${due.key}`);
        case 'reminder_thread':
          return { ...envelope, kind: 'reminder_thread', payload: { ...facts, prompt: prompt ?? '', channel: address.lane } };
        case 'escalation':
          return address.level === 1
            ? { ...envelope, kind: 'escalation', payload: { ...facts, level: 1, to: address.to } }
            : { ...envelope, kind: 'escalation', payload: { ...facts, level: 2, to: address.to, ...(address.channel && { channel: address.channel }), ...(address.watcher && { watcher: address.watcher }) } };
      }
    });
  }
  const kind = due.kind === 'prompt' ? 'prompted' : due.level === 0 ? 'reminded' : 'escalated';
  const details: Record<string, unknown> = { key: due.key, due_at: due.at.toISOString(), recipients };
  if (due.kind !== 'prompt') details.level = due.level;
  if (due.kind === 'silence') Object.assign(details, { reason: 'silence', silent_days: due.silentDays, cycle: due.cycle.key });
  if (due.kind === 'overdue') Object.assign(details, { reason: 'overdue', overdue_days: due.overdueDays, due_date: due.dueDate, ...(due.milestone && { milestone: due.milestone.title }) });
  if (due.kind === 'prompt') details.cycle = due.cycle.key;
  return { due, item, messages, ledger: { unit: item.unit_code, item: item.code, kind, actor: 'system', source: 'scheduler', at: now, details } };
}

/**
 * What happened before an escalation, from the ledger's decisions and the outbox, so that its
 * text says it: when the item was first prompted (silence), whether its owners were reminded and
 * whether the unit head was told — each counted only if a message reached someone by now.
 */
async function tellHistory(db: Kysely<Database>, deps: TickDeps, decisions: Decision[]): Promise<void> {
  const escalations = decisions.filter((decision) => decision.due.kind !== 'prompt' && decision.due.level > 0);
  const steps = new Set<string>();
  // The cycles whose owners' reminder (silence0:ITEM:CYCLE) reached them, by item.
  const remindedCycles = new Map<string, string[]>();
  for (const batch of chunks([...new Set(escalations.map((decision) => decision.item.code))])) {
    for (const step of await deliveredSteps(db, deps.now, batch)) {
      steps.add(step.key);
      if (!step.key.startsWith('silence0:')) continue;
      const cycles = remindedCycles.get(step.itemCode);
      const cycle = step.key.split(':')[2]!;
      if (cycles) cycles.push(cycle);
      else remindedCycles.set(step.itemCode, [cycle]);
    }
  }
  for (const { due, item, messages, ledger } of escalations) {
    if (due.kind === 'prompt') continue;
    let history: Record<string, unknown>;
    if (due.kind === 'silence') {
      // Reminders come once per cycle of the spell: any of them counts.
      const reminded = (remindedCycles.get(item.code) ?? []).some((cycle) => cycle >= due.cycle.key);
      history = { prompted_on: localDate(due.silentSince, deps.timeZone), reminded };
      if (due.level === 2) history.head_told = steps.has(`silence1:${item.code}:${due.cycle.key}`);
    } else {
      const part = due.milestone ? `${item.code}#${due.milestone.position}` : item.code;
      history = { reminded: steps.has(`overdue0:${part}:${due.dueDate}`) };
      if (due.level === 2) history.head_told = steps.has(`overdue1:${part}:${due.dueDate}`);
    }
    for (const message of messages) Object.assign(message.payload, history);
    Object.assign(ledger.details ?? {}, history);
  }
}

/** The messages that carried the prompts these reminders answer, decided by earlier ticks (for their threads). */
async function promptMessagesOf(trx: Transaction<Database>, scheduled: ScheduledMessage[]): Promise<Map<string, string>> {
  const prompts = [...new Set(scheduled.flatMap(({ message }) => (message.kind === 'reminder_thread' ? [message.payload.prompt] : [])))];
  const carriers = new Map<string, string>();
  for (const batch of chunks(prompts)) {
    for (const row of await trx.selectFrom('scheduled_messages').select(['event_key', 'message_key']).where('event_key', 'in', batch).execute()) carriers.set(row.event_key, row.message_key);
  }
  return carriers;
}

/** A due thing of one item (the item's code in its key). */
interface ItemDue {
  due: Due;
  item: LoadedItem;
}

/** What the schedules have due for a range's items: each shape of schedule inputs computed once. */
function duesOfItems(deps: TickDeps, world: World, items: LoadedItem[]): ItemDue[] {
  const dues: ItemDue[] = [];
  // Items with the same schedule inputs have the same dues but for their code: each shape is
  // computed once, with a placeholder for the code (most of a large organisation's items share a few).
  const shapes = new Map<string, Due[]>();
  // A unit's list of a year has one policy: computed, and written as part of a shape, once.
  const policies = new Map<string, { policy: Policy; shape: string }>();
  for (const item of items) {
    const list = `${item.unit_code}/${item.year}`;
    let layered = policies.get(list);
    if (!layered) {
      const policy = world.policyOf(item.unit_code, item.year);
      layered = { policy, shape: JSON.stringify(policy) };
      policies.set(list, layered);
    }
    const { policy } = layered;
    const approval = (item.approval ?? 'none') as Approval;
    const reported = item.last_report_at ? localDate(item.last_report_at, deps.timeZone) : null;
    // A listed subject is prompted on its order's cadence.
    const cadence = (item.listing?.cadence ?? item.cadence) as Cadence;
    const milestones = item.milestones.length ? JSON.stringify(item.milestones) : '';
    const shape = `${cadence}|${item.start}|${item.due}|${approval}|${item.percent}|${reported}|${item.prompted_at?.getTime()}|${milestones}|${layered.shape}`;
    let template = shapes.get(shape);
    if (!template) {
      template = dueAt(
        { code: CODE, cadence, start: item.start, due: item.due, closed: false, approval, percent: item.percent, lastReportAt: item.last_report_at, milestones: item.milestones, policy, promptedAt: item.prompted_at },
        { now: deps.now, timeZone: deps.timeZone, calendar: world.calendar },
      );
      shapes.set(shape, template);
    }
    for (const due of template) dues.push({ due: { ...due, key: due.key.replace(CODE, item.code) }, item });
  }
  return dues;
}

/**
 * The dues not decided by an earlier tick (no `scheduled_events` row with their key): most ticks
 * find nothing new, and only the new are worth building messages for.
 */
async function newDues(trx: Transaction<Database>, dues: ItemDue[]): Promise<ItemDue[]> {
  const fresh: ItemDue[] = [];
  // The keys as one JSON parameter, KEY_BATCH at a time: a long `in (…)` list costs more to plan
  // than to run (a tick at 50,000 items checks ~100,000 keys), and a text[] parameter is escaped
  // element by element in JavaScript.
  for (let start = 0; start < dues.length; start += KEY_BATCH) {
    const batch = dues.slice(start, start + KEY_BATCH);
    const keys = batch.map(({ due }) => due.key);
    const rows = await trx
      .selectFrom('scheduled_events')
      .select('key')
      .where(sql<boolean>`key = any(array(select json_array_elements_text(${JSON.stringify(keys)}::json)))`)
      .execute();
    const known = new Set(rows.map((row) => row.key));
    for (const itemDue of batch) if (!known.has(itemDue.due.key)) fresh.push(itemDue);
  }
  return fresh;
}

/** The decisions of a range's new dues: their messages and ledger entries (see {@link decide}). */
function decideDues(dues: ItemDue[], directory: Directory, notBefore: Date, now: Date): Decision[] {
  const decisions: Decision[] = [];
  for (const { due, item } of dues) {
    const decision = decide(due, item, directory, notBefore, now);
    if (decision) decisions.push(decision);
  }
  return decisions;
}

interface Written {
  decided: Record<string, number>;
  enqueued: number;
  messages: OutboxMessage[];
}

/**
 * Writes what is new of a chunk's decisions, and of the tick's digests and circular reminders:
 * the decisions not known yet into scheduled_events, their messages (grouped, SPEC §2.4) into the
 * outbox and their ledger entries; a digest or circular reminder when its outbox key is new.
 */
async function writeNew(trx: Transaction<Database>, deps: TickDeps, decisions: Decision[], others: { messages: OutboxMessage[]; ledger: Map<string, LedgerRecord> }): Promise<Written> {
  const fresh = new Set<string>();
  // The decisions are of dues not known when the range was read (newDues); one that another
  // replica recorded since is left to it.
  for (const batch of chunks(decisions)) {
    const inserted = await trx
      .insertInto('scheduled_events')
      .values(batch.map((decision) => ({ key: decision.due.key, kind: decision.due.kind, item_code: decision.item.code, due_at: decision.due.at, decided_at: deps.now })))
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .execute();
    for (const row of inserted) fresh.add(row.key);
  }
  const chosen = decisions.filter((decision) => fresh.has(decision.due.key));
  // A unit's prompts of one instant share a message, as do an owner's reminders (SPEC §2.4).
  const scheduled = chosen.flatMap((decision) => decision.messages.map((message) => ({ event: decision.due.key, at: decision.due.at, message })));
  const { messages: grouped, carried } = groupScheduled(scheduled, await promptMessagesOf(trx, scheduled));
  const carrier = new Map(carried.map((row) => [row.event_key, row.message_key]));
  for (const decision of chosen) {
    const message = decision.due.kind === 'prompt' ? carrier.get(decision.due.key) : undefined;
    if (message && decision.ledger.details) decision.ledger.details.message = message;
  }
  const outgoing = [...grouped, ...others.messages];
  const keys = await enqueueNew(trx, outgoing, deps.now);
  for (const batch of chunks(carried)) await trx.insertInto('scheduled_messages').values(batch).onConflict((conflict) => conflict.doNothing()).execute();
  const digestCount = keys.filter((key) => key.startsWith('digest:')).length;
  // A circular reminder, like a digest, is decided by its outbox key: its ledger entry only when new.
  const reminded = keys.flatMap((key) => others.ledger.get(key) ?? []);
  for (const batch of chunks(chosen.map((decision) => decision.ledger))) await appendLedger(trx, batch);
  for (const batch of chunks(reminded)) await appendLedger(trx, batch);
  const decided: Record<string, number> = {};
  for (const decision of chosen) decided[decision.ledger.kind] = (decided[decision.ledger.kind] ?? 0) + 1;
  // A digest is decided by its outbox key alone: a replica that wrote it first keeps it.
  if (digestCount) decided.digests = digestCount;
  if (reminded.length) decided.circular_reminders = reminded.length;
  const written = new Set(keys);
  return { decided, enqueued: keys.length, messages: deps.dryRun ? outgoing.filter((message) => written.has(message.key)) : [] };
}

/** Runs `work` in a transaction; in a dry run, rolls it back and still returns its result. */
async function transact<T>(deps: TickDeps, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (deps.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    return error.result as T;
  }
}

/**
 * Everything the schedules have due at `now`, decided once: each new decision is recorded in
 * `scheduled_events`, its messages written to the outbox and its ledger entry appended. The
 * items are decided a range of units at a time (services/tick-chunks.ts), each range read,
 * decided and written in its own transaction, so that memory stays bounded by a range whatever
 * the size of the tree; replicas ticking in the same minute take different ranges. Then the
 * digests and circular reminders due, in one more transaction. The same instant twice, or two
 * replicas at once, decide nothing new.
 */
export async function tick(deps: TickDeps): Promise<TickResult> {
  const started = performance.now();
  const today = localDate(deps.now, deps.timeZone);
  const world = await loadWorld(deps, today);
  const directory = directoryOf(world);
  const notBefore = nextWorkingMoment(deps.now, deps.timeZone, world.calendar, deps.workingHours);
  // A dry run writes nothing, so plans nothing for replicas: it decides every range itself.
  const planned = deps.dryRun
    ? { run: runOf(deps.now), ranges: rangesOf(await openItemsByUnit(deps.db, today), deps.chunkItems), startedAt: new Date(0) }
    : await planRun(deps.db, deps.now, today, deps.chunkItems);
  const total = { items: 0, decided: {} as Record<string, number>, enqueued: 0, decideMs: performance.now() - started, writeMs: 0, messages: [] as OutboxMessage[] };
  const add = (part: Written & { items: number; decideMs: number; writeMs: number }) => {
    total.items += part.items;
    total.enqueued += part.enqueued;
    total.decideMs += part.decideMs;
    total.writeMs += part.writeMs;
    total.messages.push(...part.messages);
    for (const [kind, count] of Object.entries(part.decided)) total.decided[kind] = (total.decided[kind] ?? 0) + count;
  };
  for (const range of planned.ranges) {
    const part = await transact(deps, async (trx) => {
      if (!deps.dryRun && !(await takeRange(trx, planned, range))) return null;
      const deciding = performance.now();
      const items = await loadItems(trx, deps, today, range);
      const decisions = decideDues(await newDues(trx, duesOfItems(deps, world, items)), directory, notBefore, deps.now);
      await tellHistory(trx, deps, decisions);
      const writing = performance.now();
      const written = await writeNew(trx, deps, decisions, { messages: [], ledger: new Map() });
      if (!deps.dryRun) await rangeDone(trx, planned, range);
      return { ...written, items: items.length, decideMs: writing - deciding, writeMs: performance.now() - writing };
    });
    if (part) add(part);
  }
  const deciding = performance.now();
  const digests = await dueDigests(deps, deps.digest ?? defaultDigestSchedule, notBefore);
  const circulars = await dueCircularReminders(deps, { daysAhead: deps.circularDaysAhead ?? 5, calendar: world.calendar, notBefore });
  const writing = performance.now();
  const written = await transact(deps, (trx) => writeNew(trx, deps, [], { messages: [...digests, ...circulars.messages], ledger: circulars.ledger }));
  add({ ...written, items: 0, decideMs: writing - deciding, writeMs: performance.now() - writing });
  const { messages, ...result } = total;
  return deps.dryRun ? { ...result, messages } : result;
}
