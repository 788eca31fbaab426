import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Logger } from '../app/logger.js';
import type { Database } from '../db/schema.js';
import { attemptDelivery, type AttemptOutcome, type Deliver } from './attempt.js';
import { decideFailure, type DeliveryFailure, type FailureDecision, type RetryPolicy } from './failure-policy.js';
import { SharedLanes } from './lanes.js';
import { LanePacer } from './pacing.js';
import { Slots } from './slots.js';
import { OutboxStore, type ClaimedRow, type StoredMessage } from './store.js';

export { INVALID_PAYLOAD, type ClaimedMessage, type Deliver } from './attempt.js';
export type { ClaimedEnvelope, Delivery, StoredMessage } from './store.js';

export interface DeliveryCounts {
  sent: number;
  /** Tries that failed for now and will be tried again (429, 5xx, network, a delivery that timed out). */
  retried: number;
  failed: number;
}

export interface DrainResult extends DeliveryCounts {
  /**
   * Rows still owed: pending and due now, or already tried (or held behind a 429) and waiting to be
   * tried again. Rows scheduled for later and never tried are not counted.
   */
  pending: number;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  deliver: Deliver;
  /** The instant used for every time written or compared in the database (not_before, leases, sent_at). */
  clock: () => Date;
  logger: Logger;
  /** Lease owner id; default `${hostname}:${pid}:${random}`. */
  owner?: string;
  /** How long a claimed row stays reserved for this dispatcher; default 60 000. */
  leaseMs?: number;
  /** Rows claimed per round; default 300 (with 5 a lane, enough lanes at once for ≥ 50 messages/s). */
  batchSize?: number;
  /** Rows of one lane claimed per round; default 5 (with 1 s pacing a lane's share of a round takes ~4 s). */
  laneBatchSize?: number;
  /** At most one call per lane per this interval; default 1000 (Slack: ~1 message/s per channel). */
  laneIntervalMs?: number;
  /**
   * The clock of the lanes' shared pacing and holds (`outbox_lanes`); default the database's, one
   * clock for every replica. Tests inject one to count calls per lane without timing them.
   */
  laneClock?: () => Date;
  /** Calls to Slack in flight at once, across lanes; default 10. */
  concurrency?: number;
  /** After this many tries a retryable error becomes permanent; default 10. */
  maxAttempts?: number;
  /** Backoff after the n-th failed try is about `backoffBaseMs · 2ⁿ` (jittered, capped); default 1000. */
  backoffBaseMs?: number;
  /** Default 300 000 (5 min). */
  maxBackoffMs?: number;
  /**
   * A `deliver` that has not settled by then is given up on (its row stays leased and is tried
   * again when the lease ends); default and maximum `leaseMs / 2`.
   */
  deliveryTimeoutMs?: number;
  /** Turns what `deliver` threw into an action: the platform's classifier (slack/delivery-errors.ts). */
  classify: (error: unknown) => DeliveryFailure;
  /** Called once per row that failed for good (the caller writes a ledger entry); the failure is logged either way. */
  onPermanentFailure?: (message: StoredMessage, error: { code: string; message: string }) => Promise<void>;
  /** Told how each try of a row ended (the metrics' deliveries by outcome); must not throw. */
  onSettled?: (outcome: keyof DeliveryCounts, kind: string) => void;
}

type Outcome = AttemptOutcome | { kind: 'lost' } | { kind: 'released' };

/** How a settled row counts, and whether its lane must now wait (a 429). */
interface Settled {
  count?: keyof DeliveryCounts;
  holdMs?: number;
}

const ZERO: DeliveryCounts = { sent: 0, retried: 0, failed: 0 };
const IDLE_FLOOR_MS = 20;

/**
 * Delivers outbox rows: claims due rows under a lease, calls `deliver` for each outside any
 * transaction, paces every lane, and records the outcome.
 *
 * `deliver` is expected to use a WebClient built with
 * `retryConfig: { retries: 0 }, rejectRateLimitedCalls: true` (and a `timeout` well below
 * `deliveryTimeoutMs`), so that every 429, 5xx and network error comes back here at once: the
 * client's own retries would sleep inside a call while the lane, the lease and the other rows wait,
 * and would retry without the outbox knowing.
 *
 * Outcomes: success → `sent` with Slack's answer in `result`; 429 → tried again after
 * `Retry-After`, with the whole lane held until then; 5xx, network and Slack's own trouble → tried
 * again with exponential backoff, until `maxAttempts`; anything else (no such channel, invalid
 * blocks, a renderer that threw) → `failed` at once, reported to `onPermanentFailure`, and the
 * other rows carry on.
 *
 * Within one dispatcher, a lane's rows go one at a time in (not_before, id) order, at most one per
 * `laneIntervalMs`, while different lanes go concurrently (up to `concurrency` calls). Pacing and
 * 429 holds are shared through the database (`outbox_lanes`, see lanes.ts): before each call a
 * dispatcher takes the lane's slot in one statement, and a 429's Retry-After pushes the lane's
 * `next_at` for everyone, so that N replicas together keep to one call per interval per lane. The
 * in-memory pacer is only a fast path in front of it.
 *
 * Crash window. Slack has no idempotency key, so "Slack posted it" and "the outbox says sent"
 * cannot be one atomic step. The steps are:
 *   1. claim: lease the row and count the try (`attempts + 1`), committed before any call;
 *   2. deliver: Slack posts the message and answers;
 *   3. mark sent: a one-row UPDATE of its own, issued as soon as the call returns (retried briefly
 *      on a database error), never batched with other rows or delayed behind them.
 * A crash or lost database between 2 and 3 — in practice the one round trip of step 3 — leaves the
 * row pending under its lease; when the lease ends (`leaseMs`) any dispatcher claims it again with
 * `attempts` ≥ 2. A renderer could then look for its marker (slack/outbox-metadata.ts) in the lane's recent
 * history and return that message instead of posting again; Zeren's renderer (slack/outbox-delivery.ts)
 * does not, because reading history needs the channels:history, groups:history and im:history
 * scopes, which the app does not ask for. So what remains is:
 *   - a crash (or a lost database) in that one round trip posts a second copy after the lease ends;
 *   - so does an answer from Slack that is lost or timed out after Slack posted the message;
 *   - a call that outlives its lease (Slack slower than `deliveryTimeoutMs` + the WebClient's
 *     timeout, or a stalled process) can race the next try.
 * A delivery given up on after `deliveryTimeoutMs` stays leased (it may have reached Slack); if its
 * answer arrives later it is still recorded as sent. Nothing is ever lost: a row stays pending until
 * it is marked sent or failed.
 *
 * @example
 * const dispatcher = new Dispatcher({ db, deliver, classify: classifySlackError, clock: () => new Date(), logger });
 * dispatcher.start();          // server mode
 * await enqueue(trx, messages, now);
 * dispatcher.wake();
 * await dispatcher.stop();
 */
export class Dispatcher {
  private readonly store: OutboxStore;
  private readonly deliver: Deliver;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly laneBatchSize: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly deliveryTimeoutMs: number;
  private readonly classify: (error: unknown) => DeliveryFailure;
  private readonly onPermanentFailure: DispatcherOptions['onPermanentFailure'];
  private readonly onSettled: DispatcherOptions['onSettled'];
  private readonly pacer: LanePacer;
  private readonly lanes: SharedLanes;
  private readonly slots: Slots;

  /** Lanes with a round in progress here: a later claim skips them, so a lane is delivered by one round at a time, in order. */
  private readonly busyLanes = new Set<string>();
  /** Rows claimed and not yet settled. */
  private outstanding = 0;
  private claiming: Promise<unknown> = Promise.resolve();
  private readonly rounds = new Set<Promise<unknown>>();
  private stopping = false;
  private stopSignal = stopSignalWithoutLimit();
  private background: Promise<void> | undefined;
  private woken = false;
  private readonly waiters = new Set<() => void>();

  constructor(options: DispatcherOptions) {
    this.deliver = options.deliver;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'dispatcher' });
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.store = new OutboxStore(options.db, this.owner);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = Math.max(1, options.batchSize ?? 300);
    this.laneBatchSize = Math.max(1, options.laneBatchSize ?? 5);
    this.retryPolicy = { maxAttempts: options.maxAttempts ?? 10, backoffBaseMs: options.backoffBaseMs ?? 1000, maxBackoffMs: options.maxBackoffMs ?? 300_000 };
    // A try given up on must end well inside its lease, or the next claim could race it.
    this.deliveryTimeoutMs = Math.min(options.deliveryTimeoutMs ?? this.leaseMs / 2, this.leaseMs / 2);
    this.classify = options.classify;
    this.onPermanentFailure = options.onPermanentFailure;
    this.onSettled = options.onSettled;
    const laneClock = options.laneClock;
    // An injected lane clock governs this process's fast path too, so that both agree.
    this.pacer = new LanePacer({ intervalMs: options.laneIntervalMs ?? 1000, ...(laneClock && { now: () => laneClock().getTime() }) });
    this.lanes = new SharedLanes(options.db, { intervalMs: this.pacer.intervalMs, now: options.laneClock });
    this.slots = new Slots(Math.max(1, options.concurrency ?? 10));
  }

  /** One round: claims due rows, delivers them respecting pacing, records each outcome. */
  async runOnce(): Promise<DeliveryCounts> {
    if (this.stopping) return { ...ZERO };
    const rows = await this.claimSerially(this.batchSize);
    if (rows.length === 0) return { ...ZERO };
    return this.track(this.deliverRound(rows));
  }

  /**
   * Delivers until nothing is due, or until `deadline` (wall-clock time: the injected clock may be
   * pinned, as by `zeren tick --at`). With a deadline it also waits for retries that fall due before
   * it. Returns what it did and how many rows are still owed; never waits past the deadline, except
   * for calls already in flight (bounded by `deliveryTimeoutMs`).
   */
  async drain(options: { deadline?: Date } = {}): Promise<DrainResult> {
    const counts = { ...ZERO };
    if (!this.stopping) await this.pump({ untilIdle: true, deadline: options.deadline, counts });
    return { ...counts, pending: await this.store.countOwed(this.clock()) };
  }

  /** Runs rounds in the background until {@link stop}; looks for due rows at least every `pollMs`. */
  start(pollMs = 1000): void {
    if (this.background) return;
    this.stopping = false;
    // Every lane waiting out its interval listens to this one signal.
    this.stopSignal = stopSignalWithoutLimit();
    const counts = { ...ZERO };
    this.background = this.pump({ untilIdle: false, pollMs, counts }).catch((error: unknown) => {
      this.logger.error({ err: error }, 'the outbox dispatcher stopped on an error');
    });
  }

  /**
   * Stops claiming, lets the calls in flight finish and be recorded, and releases the rows it had
   * claimed but not tried, so that another dispatcher need not wait out their leases. Until the
   * next {@link start}, `runOnce` and `drain` deliver nothing.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    this.notify();
    await this.background;
    this.background = undefined;
    await Promise.allSettled([...this.rounds]);
  }

  /** Something was enqueued: look for due rows now rather than at the next poll. */
  wake(): void {
    this.notify();
  }

  // ---- rounds ---------------------------------------------------------------

  private async pump(mode: { untilIdle: boolean; deadline?: Date | undefined; pollMs?: number; counts: DeliveryCounts }): Promise<void> {
    const mine = new Set<Promise<void>>();
    let failure: unknown;
    const pollMs = mode.pollMs ?? 1000;
    while (!this.stopping && !passed(mode.deadline) && failure === undefined) {
      const room = this.batchSize - this.outstanding;
      if (room > 0) {
        let rows: ClaimedRow[] = [];
        try {
          rows = await this.claimSerially(room);
        } catch (error) {
          if (mode.untilIdle) {
            failure = error;
            break;
          }
          this.logger.error({ err: error }, 'claiming outbox rows failed');
          await this.idle(pollMs);
          continue;
        }
        if (rows.length > 0) {
          // Rounds run side by side: a lane that takes a while does not keep other lanes waiting.
          const round: Promise<void> = this.track(this.deliverRound(rows, mode.deadline))
            .then((counts) => add(mode.counts, counts))
            .catch((error: unknown) => {
              if (mode.untilIdle) failure ??= error;
              else this.logger.error({ err: error }, 'an outbox round failed');
            })
            .finally(() => mine.delete(round));
          mine.add(round);
          continue;
        }
      }
      // Drained only once no round here is running (one may yet free a lane that has rows due) and
      // nothing else falls due before the deadline.
      if (mode.untilIdle && this.outstanding === 0) {
        const waitMs = await this.untilNextClaimable();
        if (waitMs === undefined || mode.deadline === undefined || Date.now() + waitMs >= mode.deadline.getTime()) break;
        await this.idle(Math.max(waitMs, IDLE_FLOOR_MS), mode.deadline);
        continue;
      }
      await this.idle(pollMs, mode.deadline);
    }
    await Promise.allSettled([...mine]);
    if (failure !== undefined) throw failure;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.rounds.add(work);
    const forget = () => this.rounds.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** One claim at a time per dispatcher, so that lanes are marked busy before the next claim looks. */
  private claimSerially(limit: number): Promise<ClaimedRow[]> {
    const claim = this.claiming.then(() => this.claim(limit));
    this.claiming = claim.catch(() => undefined);
    return claim;
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    if (this.stopping) return [];
    this.pacer.prune();
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const claimed = await this.store.claim({ now, leaseUntil, limit, perLane: this.laneBatchSize, busyLanes: this.busyLanes });
    for (const row of claimed) this.busyLanes.add(row.lane);
    this.outstanding += claimed.length;
    if (claimed.length > 0) this.logger.debug({ rows: claimed.length, owner: this.owner }, 'claimed outbox rows');
    return claimed;
  }

  private async deliverRound(rows: ClaimedRow[], deadline?: Date): Promise<DeliveryCounts> {
    const counts = { ...ZERO };
    const lanes = new Map<string, ClaimedRow[]>();
    for (const row of rows) {
      const lane = lanes.get(row.lane);
      if (lane) lane.push(row);
      else lanes.set(row.lane, [row]);
    }
    const results = await Promise.allSettled([...lanes].map(([lane, laneRows]) => this.deliverLane(lane, laneRows, counts, deadline)));
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejected) throw rejected.reason;
    return counts;
  }

  /** A lane's rows one after another, paced; on a 429 the rest of the lane waits with them. */
  private async deliverLane(lane: string, rows: ClaimedRow[], counts: DeliveryCounts, deadline?: Date): Promise<void> {
    try {
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index] as ClaimedRow;
        if (!(await this.takeLane(lane, rows.slice(index), deadline))) return;
        const outcome = await this.attempt(row);
        if (outcome.kind === 'released') {
          await this.store.release(rows.slice(index));
          return;
        }
        const settled = await this.settle(row, outcome);
        if (settled.count) {
          counts[settled.count] += 1;
          this.onSettled?.(settled.count, row.kind);
        }
        if (settled.holdMs !== undefined) {
          await this.holdLane(lane, rows.slice(index + 1), settled.holdMs);
          return;
        }
      }
    } finally {
      this.outstanding -= rows.length;
      this.busyLanes.delete(lane);
      this.notify();
    }
  }

  /**
   * Waits for the lane's turn: this process's pacer first (no round trip), then a call slot, then
   * the shared row, which is the authority across replicas; true with the call slot held. False when the rows were given back instead: stopping,
   * the deadline would pass, or the lane is held longer than is worth waiting under a lease (they
   * then wait in the outbox, `not_before`, for whichever dispatcher comes next).
   */
  private async takeLane(lane: string, rows: ClaimedRow[], deadline?: Date): Promise<boolean> {
    for (;;) {
      let wait = this.pacer.waitFor(lane);
      let shared = false;
      if (wait === 0 && !this.stopping) {
        // A call slot first, then the lane: the lane's slot is taken only once the call can go at
        // once. Taken before a wait for a call slot, it would be stale by the time of the call, and
        // another replica taking the lane an interval later could post at the same moment.
        await this.slots.acquire();
        if (this.stopping) {
          this.slots.release();
          await this.store.release(rows);
          return false;
        }
        try {
          wait = await this.lanes.take(lane);
        } catch (error) {
          this.slots.release();
          throw error;
        }
        // Taken: the call slot stays held for attempt(), which releases it.
        if (wait === 0) return true;
        this.slots.release();
        shared = true;
        this.pacer.hold(lane, wait);
      }
      if (this.stopping) {
        await this.store.release(rows);
        return false;
      }
      const cut = passed(deadline) || (deadline !== undefined && Date.now() + wait > deadline.getTime());
      if (cut || (shared && wait > this.longWaitMs())) {
        // Not before the lane frees: claiming them again sooner would only find it busy.
        await this.store.release(rows, new Date(this.clock().getTime() + wait), 'paced: lane busy');
        return false;
      }
      await this.pause(wait);
    }
  }

  /** A shared wait longer than this gives the rows back rather than sleep on their leases. */
  private longWaitMs(): number {
    return Math.max(5000, 2 * this.pacer.intervalMs);
  }

  /** One try of a row whose lane {@link takeLane} took, with the call slot it acquired (released here). */
  private async attempt(row: ClaimedRow): Promise<Outcome> {
    try {
      if (this.stopping) return { kind: 'released' };
      if (!(await this.keepLease(row))) return { kind: 'lost' };
      this.pacer.record(row.lane);
      try {
        return await attemptDelivery(row, {
          deliver: this.deliver,
          classify: this.classify,
          timeoutMs: this.deliveryTimeoutMs,
          onLateDelivery: (delivery) =>
            void this.store.markSent(row, delivery, this.clock).then(
              () => this.logger.info(this.context(row), 'a delivery given up on arrived late; recorded as sent'),
              (error: unknown) => this.logger.error({ ...this.context(row), err: error }, 'a late delivery could not be recorded'),
            ),
        });
      } finally {
        // Again once Slack answered: a busy event loop must not bring the next call closer than the interval.
        this.pacer.record(row.lane);
      }
    } finally {
      this.slots.release();
    }
  }

  /** Records an outcome: which count it adds to, and whether the lane must now wait. */
  private async settle(row: ClaimedRow, outcome: Exclude<Outcome, { kind: 'released' }>): Promise<Settled> {
    switch (outcome.kind) {
      case 'sent':
        await this.store.markSent(row, outcome.delivery, this.clock);
        this.logger.debug(this.context(row), 'outbox row sent');
        return { count: 'sent' };
      case 'lost':
        this.logger.warn(this.context(row), 'lease lost before delivery; left to its new owner');
        return {};
      case 'timed_out':
        // The lease is kept on purpose: the call may have reached Slack, and the next try
        // (after the lease, with attempts > 1) is the one that checks for that.
        await this.store.noteTimeout(row, `delivery_timeout: no answer within ${this.deliveryTimeoutMs} ms`);
        this.logger.warn(this.context(row), 'delivery timed out; the row is tried again when its lease ends');
        return { count: 'retried' };
      case 'failed':
        return this.settleFailure(row, decideFailure(outcome.failure, row.attempts, this.retryPolicy), outcome.error);
    }
  }

  private async settleFailure(row: ClaimedRow, decision: FailureDecision, error: unknown): Promise<Settled> {
    const now = this.clock();
    if (decision.action !== 'fail') {
      const marked = await this.store.markRetry(row, new Date(now.getTime() + decision.delayMs), `${decision.code}: ${decision.message}`);
      // Slack's request to wait holds the lane here whoever now owns the row.
      if (!marked) return { ...this.settledElsewhere(row), ...(decision.action === 'hold' && { holdMs: decision.delayMs }) };
      if (decision.action === 'hold') {
        this.logger.warn({ ...this.context(row), retryAfterMs: decision.delayMs }, 'rate limited; lane held');
        return { count: 'retried', holdMs: decision.delayMs };
      }
      this.logger.warn({ ...this.context(row), code: decision.code, delayMs: decision.delayMs }, 'delivery failed; will retry');
      return { count: 'retried' };
    }
    const final = { code: decision.code, message: decision.message };
    if (!(await this.store.markFailed(row, `${final.code}: ${final.message}`))) return this.settledElsewhere(row);
    // Log the thrown error itself when it was not Slack's answer: that is a bug to find.
    this.logger.error({ ...this.context(row), code: final.code, err: final.code === 'deliver_error' ? error : undefined }, `outbox row failed for good: ${final.message}`);
    // Only the dispatcher that marked it reports it, so the ledger gets one entry.
    if (this.onPermanentFailure) {
      try {
        await this.onPermanentFailure(this.message(row), final);
      } catch (reportError) {
        // The row is already failed; one report that could not be written must not stop the others.
        this.logger.error({ ...this.context(row), err: reportError }, 'reporting a failed outbox row failed');
      }
    }
    return { count: 'failed' };
  }

  /** Our lease ran out and the row was claimed (and perhaps sent) by another dispatcher: its outcome stands. */
  private settledElsewhere(row: ClaimedRow): Settled {
    this.logger.warn(this.context(row), 'outbox row no longer leased here; its outcome is left to its new owner');
    return {};
  }

  // ---- lanes and leases -----------------------------------------------------

  /**
   * Slack asked this lane to wait: hold it here (pacer) and for everyone (not_before of its
   * waiting rows), which also keeps the lane's order, since they all resume together in id order.
   */
  private async holdLane(lane: string, rest: ClaimedRow[], retryAfterMs: number): Promise<void> {
    this.pacer.hold(lane, retryAfterMs);
    // For every dispatcher on the database: their next take of this lane waits it out too.
    await this.lanes.hold(lane, retryAfterMs);
    const now = this.clock();
    const until = new Date(now.getTime() + retryAfterMs);
    await this.store.release(rest, until);
    // Rows leased elsewhere are left to their owner; unleased ones wait with the lane.
    await this.store.holdLane(lane, until);
  }

  /** Renews the lease when less than half of it is left, and says whether the row is still ours. */
  private async keepLease(row: ClaimedRow): Promise<boolean> {
    const now = this.clock();
    if (row.leaseUntil.getTime() - now.getTime() >= this.leaseMs / 2) return true;
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    // Still ours only if nobody claimed it after our lease ran out.
    if (!(await this.store.renewLease(row, leaseUntil))) return false;
    row.leaseUntil = leaseUntil;
    return true;
  }

  /** Milliseconds (on the injected clock) until some pending row can be claimed; undefined if none is pending. */
  private async untilNextClaimable(): Promise<number | undefined> {
    const next = await this.store.nextClaimable();
    if (!next) return undefined;
    return Math.max(0, next.getTime() - this.clock().getTime());
  }

  // ---- waiting --------------------------------------------------------------

  /** Waits for `ms`, or less if woken (a lane freed, `wake()`, `stop()`) or the deadline comes. */
  private idle(ms: number, deadline?: Date): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    const limit = deadline ? Math.min(ms, Math.max(0, deadline.getTime() - Date.now())) : ms;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, limit);
      this.waiters.add(done);
    });
  }

  private notify(): void {
    this.woken = true;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Pacing waits end early on stop(), so that stopping does not wait out a lane's interval. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopSignal.signal }).catch(() => undefined);
  }

  private message(row: ClaimedRow): StoredMessage {
    return { id: row.id, key: row.key, kind: row.kind, payload: row.payload, lane: row.lane, attempts: row.attempts };
  }

  private context(row: ClaimedRow) {
    return { outbox: row.id, key: row.key, kind: row.kind, lane: row.lane, attempts: row.attempts };
  }
}

function stopSignalWithoutLimit(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function passed(deadline: Date | undefined): boolean {
  return deadline !== undefined && Date.now() >= deadline.getTime();
}

function add(total: DeliveryCounts, counts: DeliveryCounts): void {
  total.sent += counts.sent;
  total.retried += counts.retried;
  total.failed += counts.failed;
}
