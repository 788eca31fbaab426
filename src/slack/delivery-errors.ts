import { ErrorCode } from '@slack/web-api';
import type { DeliveryFailure } from '../outbox/failure-policy.js';
import { isTokenRefused } from './token-errors.js';

/** Platform errors (`{ ok: false, error }`) that say Slack, not the message, is at fault. */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

// What WebClient throws for a 429 without a usable Retry-After: a plain Error (it has no code for it).
const RETRY_HEADER_MISSING = /^Retry header did not contain a valid timeout/;
const RETRY_HEADER_MISSING_WAIT_MS = 60_000;

/**
 * Classifies an error thrown by a `WebClient` call (or by the code around it) for the dispatcher.
 * The WebClient is expected to run with `retryConfig: { retries: 0 }, rejectRateLimitedCalls: true`,
 * so that every 429 and 5xx reaches this function rather than being retried inside the client.
 *
 * Errors are recognised by their `code` rather than `instanceof`: Bolt may bring its own copy of
 * `@slack/web-api`, whose classes are not ours.
 *
 * @example
 * classifySlackError(await client.chat.postMessage(args).catch((e) => e));
 * // → { action: 'fail', code: 'channel_not_found', message: 'An API error occurred: channel_not_found' }
 */
export function classifySlackError(error: unknown): DeliveryFailure {
  const coded = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
    data?: { error?: unknown };
  };
  const message = typeof coded.message === 'string' ? coded.message : String(error);
  switch (coded.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = typeof coded.retryAfter === 'number' && coded.retryAfter >= 0 ? coded.retryAfter : RETRY_HEADER_MISSING_WAIT_MS / 1000;
      return { action: 'wait', code: 'ratelimited', message, retryAfterMs: seconds * 1000 };
    }
    case ErrorCode.HTTPError: {
      const status = typeof coded.statusCode === 'number' ? coded.statusCode : 0;
      // Slack uses no status codes but 200 and 429; anything else came from Slack's edge or a proxy in trouble.
      const passing = status >= 500 || status === 408 || status === 425 || status === 0;
      return { action: passing ? 'retry' : 'fail', code: `http_${status}`, message };
    }
    case ErrorCode.RequestError:
      return { action: 'retry', code: 'request_error', message };
    case ErrorCode.PlatformError: {
      const platformError = typeof coded.data?.error === 'string' ? coded.data.error : 'unknown_error';
      // A refused token: the bot's credentials, not this message, are wrong. Failing every row for good
      // would empty the whole outbox over one revoked token; retry with backoff, maxAttempts still ends it.
      const passing = RETRYABLE_PLATFORM_ERRORS.has(platformError) || isTokenRefused(platformError);
      return { action: passing ? 'retry' : 'fail', code: platformError, message };
    }
    default:
      if (error instanceof Error && RETRY_HEADER_MISSING.test(error.message)) {
        return { action: 'wait', code: 'ratelimited', message, retryAfterMs: RETRY_HEADER_MISSING_WAIT_MS };
      }
      // Not Slack's answer: the renderer (or `deliver`) threw. Retrying would fail the same way.
      return { action: 'fail', code: 'deliver_error', message };
  }
}
