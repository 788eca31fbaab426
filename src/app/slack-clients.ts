import { WebClient, type WebClientOptions } from '@slack/web-api';
import { toBoltLogger, type Logger } from './logger.js';
import { observedFetch, type SlackCallObservation } from './metrics.js';

/**
 * How each part of Zeren calls Slack, by name. The outbox and the start-up check must see every
 * 429 and 5xx themselves (no retries inside the client); listeners and jobs may retry briefly.
 */
export const RETRY_PROFILES = {
  /** Bolt's client, for listeners answering a person: a few quick retries, never minutes. */
  listener: { retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 } },
  /** The dispatcher's client: 429s and 5xx come back to the outbox, which paces and retries. */
  outbox: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 },
  /** `auth.test` at start: its caller waits out a Slack that cannot be reached. */
  auth: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  /** The readiness probe's `auth.test`: one quick try, as a probe must answer within its own timeout. */
  probe: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 3000 },
  /** Background jobs (channel set-up in `zeren tick`): a 429 is waited out inside the call. */
  job: { retryConfig: { retries: 2, maxTimeout: 5000 } },
  /** The import's directory look-ups (e-mail → user): the WebClient's own patient retries. */
  directory: {},
} as const satisfies Record<string, WebClientOptions>;

export type RetryProfile = keyof typeof RETRY_PROFILES;

export interface SlackClientSettings {
  slackApiUrl: string;
  logger: Logger;
  /** Told of every HTTP request the client makes (the metrics' Slack call latency and 429s). */
  observe?: ((call: SlackCallObservation) => void) | undefined;
}

/** The options of a client with a named profile (Bolt takes these as `clientOptions`, so its client is observed too). */
export function slackClientOptions(profile: RetryProfile, options: SlackClientSettings): WebClientOptions {
  return {
    slackApiUrl: options.slackApiUrl,
    logger: toBoltLogger(options.logger),
    ...RETRY_PROFILES[profile],
    ...(options.observe && { fetch: observedFetch(options.observe) }),
  };
}

/**
 * A WebClient with a named retry profile.
 *
 * @example
 * slackClient('outbox', { token, slackApiUrl: config.SLACK_API_URL, logger })
 */
export function slackClient(profile: RetryProfile, options: SlackClientSettings & { token: string }): WebClient {
  return new WebClient(options.token, slackClientOptions(profile, options));
}
