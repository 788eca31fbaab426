import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'zerentestsigningsecret0123456789';

export interface SignedRequest {
  method: 'POST';
  url: '/slack/events';
  headers: Record<string, string>;
  payload: string;
}

/** Slack's signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Leave the signature headers out. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

function signed(payload: string, contentType: string, options: SignOptions = {}): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = signature(payload, timestamp, options.secret);
  }
  return { method: 'POST', url: '/slack/events', headers, payload };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A slash command as Slack posts it. */
export function slashCommand(fields: { text: string; user_id: string; command?: string; channel_id?: string; trigger_id?: string }, options?: SignOptions) {
  return signed(
    form({
      token: 'deprecated',
      team_id: 'T0ZEREN',
      team_domain: 'zeren',
      channel_id: fields.channel_id ?? 'C0GENERAL',
      channel_name: 'general',
      user_id: fields.user_id,
      user_name: fields.user_id.toLowerCase(),
      command: fields.command ?? '/progress',
      text: fields.text,
      api_app_id: 'A0ZEREN',
      response_url: 'https://hooks.slack.invalid/commands/T0ZEREN/1/abc',
      trigger_id: fields.trigger_id ?? `trigger-${Math.random().toString(36).slice(2)}`,
    }),
    'application/x-www-form-urlencoded',
    options,
  );
}

/** An interactive payload (`block_actions`, `view_submission`, …) as Slack posts it: a form with one `payload` field. */
export function interaction(payload: Record<string, unknown>, options?: SignOptions) {
  return signed(form({ payload: JSON.stringify({ team: { id: 'T0ZEREN' }, api_app_id: 'A0ZEREN', token: 'deprecated', ...payload }) }), 'application/x-www-form-urlencoded', options);
}

/** An Events API delivery; `retryNum` adds Slack's retry headers. */
export function eventCallback(event: Record<string, unknown>, options: SignOptions & { eventId?: string; retryNum?: number } = {}) {
  const body = JSON.stringify({
    token: 'deprecated',
    team_id: 'T0ZEREN',
    api_app_id: 'A0ZEREN',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  const headers = options.retryNum ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout', ...options.headers } : options.headers;
  return signed(body, 'application/json', { ...options, headers });
}

/** Any JSON body, signed: for url_verification and malformed deliveries. */
export const signedJson = (body: Record<string, unknown>, options?: SignOptions) => signed(JSON.stringify(body), 'application/json', options);
