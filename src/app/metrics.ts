import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import type { TickResult } from '../services/tick.js';
import type { SlackPayloadType } from '../slack/receiver.js';

/** Seconds, from ~5 ms (a cached page) to 10 s (a slow export). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Slack gives up on an acknowledgement after 3 s: the buckets are dense below that. */
const ACK_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5];
const SLACK_CALL_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TICK_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];


/** How one HTTP request to the Web API went: Slack's method and the HTTP status, or `error` when none came back. */
export interface SlackCallObservation {
  method: string;
  status: number | 'error';
  seconds: number;
}

export interface MetricsOptions {
  /** The database whose outbox and pool are read at each scrape; without it those metrics are absent. */
  db?: Db | undefined;
  /** "Now" for the age of the oldest pending outbox row (the root's clock). */
  clock?: () => Date;
  /** The process's own figures (CPU, memory, event-loop lag, GC…); default on. */
  defaults?: boolean;
}

/**
 * One app instance's Prometheus metrics, in a registry of its own (never the global one), so that
 * two apps in one process (the tests) keep apart. Created by the composition root (app/root.ts)
 * and handed down as plain callbacks: the receiver, the dispatcher and the Slack clients never
 * import prom-client.
 *
 * @example
 * const metrics = createMetrics({ db, clock });
 * metrics.observeHttp({ route: '/healthz', method: 'GET', status: 200, seconds: 0.002 });
 * const { contentType, body } = await metrics.scrape();
 */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({ name: 'zeren_http_requests_total', help: 'HTTP requests answered, by route template, method and status.', labelNames: ['route', 'method', 'status'], registers });
  const httpDuration = new Histogram({
    name: 'zeren_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status.',
    labelNames: ['route', 'method', 'status'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  const slackAck = new Histogram({
    name: 'zeren_slack_ack_duration_seconds',
    help: 'Time from a request arriving on /slack/events to its acknowledgement, by payload type (Slack waits 3 s).',
    labelNames: ['type'],
    buckets: ACK_BUCKETS,
    registers,
  });
  const slackUnacknowledged = new Counter({
    name: 'zeren_slack_unacknowledged_total',
    help: 'Requests on /slack/events that no listener acknowledged in time (answered 404) or that failed before acknowledging (500), by payload type.',
    labelNames: ['type'],
    registers,
  });
  const slackCalls = new Histogram({
    name: 'zeren_slack_api_call_duration_seconds',
    help: 'Time of one HTTP request to the Slack Web API (each retry counts), by method and HTTP status.',
    labelNames: ['method', 'status'],
    buckets: SLACK_CALL_BUCKETS,
    registers,
  });
  const slackRateLimited = new Counter({ name: 'zeren_slack_rate_limited_total', help: 'Answers 429 (rate limited) from the Slack Web API, by method.', labelNames: ['method'], registers });
  const deliveries = new Counter({
    name: 'zeren_outbox_deliveries_total',
    help: 'Outbox delivery tries by outcome (sent, retried, failed) and message kind.',
    labelNames: ['outcome', 'kind'],
    registers,
  });
  const tickDuration = new Histogram({ name: 'zeren_tick_duration_seconds', help: 'Time of one tick (deciding and writing what is due).', buckets: TICK_BUCKETS, registers });
  const tickDecisions = new Counter({ name: 'zeren_tick_decisions_total', help: 'Decisions made by ticks, by kind (prompt, reminder, escalation, overdue, digest…).', labelNames: ['kind'], registers });
  const tickEnqueued = new Counter({ name: 'zeren_tick_enqueued_total', help: 'Outbox messages written by ticks.', registers });
  const outboxPruned = new Counter({ name: 'zeren_outbox_pruned_total', help: 'Sent outbox rows pruned after ZEREN_OUTBOX_RETENTION_DAYS (their keys kept).', registers });

  const { db } = options;
  if (db) {
    const clock = options.clock ?? (() => new Date());
    // Read at each scrape. Sent rows are left out (they only grow; deliveries count them).
    new Gauge({
      name: 'zeren_outbox_messages',
      help: 'Outbox rows not sent, by message kind and state (pending, failed), read at scrape.',
      labelNames: ['kind', 'state'],
      registers,
      async collect() {
        const rows = await db.kysely
          .selectFrom('outbox')
          .select(['kind', 'state', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', '!=', 'sent')
          .groupBy(['kind', 'state'])
          .execute();
        this.reset();
        for (const row of rows) this.set({ kind: row.kind, state: row.state }, Number(row.n));
      },
    });
    new Gauge({
      name: 'zeren_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending outbox row that is due (0 when none), read at scrape.',
      registers,
      async collect() {
        const now = clock();
        const row = await db.kysely
          .selectFrom('outbox')
          .select(sql<Date | string | null>`min(created_at)`.as('oldest'))
          .where('state', '=', 'pending')
          .where('not_before', '<=', now)
          .executeTakeFirst();
        const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
        this.set(oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest) / 1000));
      },
    });
    new Gauge({
      name: 'zeren_db_pool_connections',
      help: 'Database connections by state (total, idle, waiting: queries waiting for a connection). PGlite is one in-process connection.',
      labelNames: ['engine', 'state'],
      registers,
      collect() {
        const pool = db.poolStats();
        this.reset();
        for (const state of ['total', 'idle', 'waiting'] as const) {
          const value = pool[state];
          if (value !== undefined) this.set({ engine: db.engine, state }, value);
        }
      },
    });
    new Gauge({
      name: 'zeren_db_pool_max',
      help: 'The most database connections the pool opens.',
      labelNames: ['engine'],
      registers,
      collect() {
        this.reset();
        this.set({ engine: db.engine }, db.poolStats().max);
      },
    });
  }

  return {
    registry,
    /** An answered HTTP request; `route` is the route's template (`/public/:unit/:year`), never the raw URL. */
    observeHttp(request: { route: string; method: string; status: number; seconds: number }) {
      const labels = { route: request.route, method: request.method, status: String(request.status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, request.seconds);
    },
    /** A request on /slack/events acknowledged after `seconds`. */
    observeAck(type: SlackPayloadType, seconds: number) {
      slackAck.observe({ type }, seconds);
    },
    observeUnacknowledged(type: SlackPayloadType) {
      slackUnacknowledged.inc({ type });
    },
    observeSlackCall(call: SlackCallObservation) {
      slackCalls.observe({ method: call.method, status: String(call.status) }, call.seconds);
      if (call.status === 429) slackRateLimited.inc({ method: call.method });
    },
    observeDelivery(outcome: 'sent' | 'retried' | 'failed', kind: string) {
      deliveries.inc({ outcome, kind });
    },
    /** A tick that ran (not a dry run) and how long it took. */
    observeTick(result: TickResult, seconds: number) {
      tickDuration.observe(seconds);
      for (const [kind, count] of Object.entries(result.decided)) if (count > 0) tickDecisions.inc({ kind }, count);
      if (result.enqueued > 0) tickEnqueued.inc(result.enqueued);
    },
    /** Sent outbox rows pruned by one run of pruning. */
    observePruned(count: number) {
      if (count > 0) outboxPruned.inc(count);
    },
    /** The text Prometheus reads, with its content type. */
    async scrape(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The Web API method a request went to (`chat.postMessage`), or `upload` / `other` for what is not one (file upload URLs). */
export function slackMethodOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const last = path.split('/').filter(Boolean).pop() ?? '';
  if (/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/.test(last)) return last;
  return path.includes('/upload') ? 'upload' : 'other';
}

/**
 * A `fetch` for the WebClient (its `fetch` option) that times every HTTP request to Slack and
 * reports it: each retry of the client is its own observation, and a 429 is seen whether the
 * client retries it or hands it back (the outbox profile).
 */
export function observedFetch(observe: (call: SlackCallObservation) => void, inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = slackMethodOf(url);
    const start = performance.now();
    try {
      const response = await inner(input, init);
      observe({ method, status: response.status, seconds: (performance.now() - start) / 1000 });
      return response;
    } catch (error) {
      observe({ method, status: 'error', seconds: (performance.now() - start) / 1000 });
      throw error;
    }
  };
}

/** Times a tick for the metrics, leaving its result as it was; dry runs write nothing and are not counted. */
export function observedTick<A extends unknown[]>(tick: (...args: A) => Promise<TickResult>, metrics: Metrics, isDryRun: (...args: A) => boolean) {
  return async (...args: A): Promise<TickResult> => {
    const start = performance.now();
    const result = await tick(...args);
    if (!isDryRun(...args)) metrics.observeTick(result, (performance.now() - start) / 1000);
    return result;
  };
}
