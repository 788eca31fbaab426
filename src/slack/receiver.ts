import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../app/logger.js';
import { errorBody, errors } from '../errors.js';
import type { Locale } from '../i18n/index.js';

export interface FastifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** The clock that judges a request stale or ahead (5 minutes either way); tests move it. */
  now?: () => number;
  /** How long to wait for a listener to acknowledge before answering 404, as Bolt does. */
  unhandledRequestTimeoutMs?: number;
  bodyLimit?: number;
  /** The language of the refusals' messages (read by whoever debugs the app's set-up). Default en. */
  locale?: Locale;
  /** Told how long each request took to be acknowledged, by payload type (the metrics). */
  onAck?: (type: SlackPayloadType, seconds: number) => void;
  /** Told of a request that was not acknowledged (no listener in time, or one that failed first). */
  onUnacknowledged?: (type: SlackPayloadType) => void;
}

/** What a request to /slack/events carries, for the acknowledgement metrics. */
export type SlackPayloadType = 'command' | 'action' | 'view_submission' | 'view_closed' | 'options' | 'shortcut' | 'event' | 'other';

/** The kind of a parsed request body: a slash command, an interaction (by its `type`), or an event. */
export function payloadTypeOf(body: Record<string, unknown>): SlackPayloadType {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    default:
      return 'other';
  }
}

/** How far a request's timestamp may be from our clock, either way (Slack's rule for stale requests). */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

type AckResponse = string | Record<string, unknown> | undefined;

/**
 * Bolt's receiver contract on a fastify route: `POST /slack/events` verifies Slack's signature
 * on the raw body, hands the request to Bolt, and answers when a listener calls `ack()`; the
 * listener's slow work continues after the answer. The server's start and stop are ours.
 */
export class FastifyReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: FastifyReceiverOptions) {}

  private get locale(): Locale {
    return this.options.locale ?? 'en';
  }

  init(app: App): void {
    this.bolt = app;
  }

  async start(): Promise<void> {}

  /** Waits for listeners still working after their acknowledgement. */
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once no listener is at work (tests wait on it to see a request's effects). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** The fastify plugin with the route; its body parsers are scoped to it. */
  readonly plugin = async (fastify: FastifyInstance): Promise<void> => {
    fastify.removeAllContentTypeParsers();
    // Signature verification needs the body exactly as Slack sent it.
    fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: this.options.bodyLimit ?? 1_048_576 }, (_request, body, done) =>
      done(null, body),
    );
    fastify.post('/slack/events', (request, reply) => this.handle(request, reply));
  };

  private async handle(request: FastifyRequest, reply: FastifyReply) {
    const started = performance.now();
    const raw = typeof request.body === 'string' ? request.body : '';
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    const now = this.options.now?.() ?? Date.now();
    try {
      // Bolt refuses a timestamp over five minutes old but not one ahead: a request signed for
      // later could be replayed until then. Slack's clock and ours agree within the same window.
      if (!Number.isFinite(timestamp) || timestamp * 1000 > now + MAX_CLOCK_SKEW_MS) throw new Error('x-slack-request-timestamp is in the future or missing');
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': String(signature ?? ''), 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      });
    } catch (error) {
      request.log.warn({ reason: (error as Error).message }, 'refused a request to /slack/events');
      return reply.code(errors.slackSignatureInvalid.status).send(errorBody(errors.slackSignatureInvalid, this.locale));
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, String(request.headers['content-type'] ?? ''));
    } catch {
      return reply.code(errors.slackBodyUnreadable.status).send(errorBody(errors.slackBodyUnreadable, this.locale));
    }
    if (body.ssl_check) return reply.send('');
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    if (!this.bolt) return reply.code(errors.slackStarting.status).send(errorBody(errors.slackStarting, this.locale));

    let acknowledge!: (response: AckResponse) => void;
    const acknowledged = new Promise<AckResponse>((resolve) => (acknowledge = resolve));
    let acked = false;
    const event: ReceiverEvent = {
      body,
      retryNum: request.headers['x-slack-retry-num'] ? Number(request.headers['x-slack-retry-num']) : undefined,
      retryReason: request.headers['x-slack-retry-reason'] ? String(request.headers['x-slack-retry-reason']) : undefined,
      customProperties: {},
      ack: async (response?: AckResponse) => {
        if (acked) throw new Error('ack() was called more than once for one request');
        acked = true;
        acknowledge(response);
      },
    };
    const processing = this.bolt.processEvent(event).then(
      () => ({ failed: false as const }),
      (error: unknown) => ({ failed: true as const, error }),
    );
    const tracked = processing.then(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.unhandledRequestTimeoutMs ?? 3001);
    });
    const outcome = await Promise.race([acknowledged.then((response) => ({ response })), processing, timeout]);
    clearTimeout(timer);

    const type = payloadTypeOf(body);
    if (outcome === 'timeout' || ('failed' in outcome && !acked)) this.options.onUnacknowledged?.(type);
    else this.options.onAck?.(type, (performance.now() - started) / 1000);
    if (outcome === 'timeout') {
      this.options.logger.warn({ type: body.type }, 'a request from Slack was not acknowledged within 3 seconds');
      return reply.code(404).send('');
    }
    if ('failed' in outcome) {
      // Finished without ack(): either a listener failed first, or nothing listened.
      if (acked) return reply.send(ackBody(await acknowledged));
      if (outcome.failed) {
        this.options.logger.error({ err: outcome.error, type: body.type }, 'a listener failed before acknowledging');
        return reply.code(500).send('');
      }
      return reply.code(404).send('');
    }
    const response = ackBody(outcome.response);
    return typeof response === 'string' ? reply.type('text/plain; charset=utf-8').send(response) : reply.send(response);
  }
}

const ackBody = (response: AckResponse) => (response === undefined ? '' : response);

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = new URLSearchParams(raw);
  const payload = form.get('payload');
  if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
  return Object.fromEntries(form);
}
