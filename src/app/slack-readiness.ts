import { ErrorCode as WebErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { isTokenRefused } from '../slack/token-errors.js';

/** Whether Slack knows the bot's token, for `GET /healthz`; `reason` says why not. */
export type SlackCheck = { ok: true } | { ok: false; reason: 'slack_not_connected' | 'slack_auth_failed' | 'slack_unreachable'; detail?: string };

export interface SlackReadinessOptions {
  /** A client that does not retry by itself and gives up quickly (a probe must answer in time). */
  client: () => WebClient;
  /** How long a successful `auth.test` is believed (default 60 s): probes must not become Slack's load. */
  okForMs?: number;
  /** How long a failed one is believed before asking again (default 10 s). */
  failedForMs?: number;
  /** Wall-clock milliseconds (tests may pass their own). */
  now?: () => number;
}

/**
 * The Slack half of the readiness probe: not ready until the bot has connected (start's own
 * `auth.test`), then `auth.test` again whenever the last answer is older than `okForMs`
 * (`failedForMs` after a failure). Concurrent probes share one call.
 *
 * @example
 * const slack = slackReadiness({ client: () => root.client('probe') });
 * slack.connected();            // start's auth.test succeeded
 * await slack.check();          // { ok: true }
 */
export function slackReadiness(options: SlackReadinessOptions) {
  const now = options.now ?? Date.now;
  const okForMs = options.okForMs ?? 60_000;
  const failedForMs = options.failedForMs ?? 10_000;
  let isConnected = false;
  let last: { at: number; check: SlackCheck } | undefined;
  let inFlight: Promise<SlackCheck> | undefined;

  const ask = async (): Promise<SlackCheck> => {
    try {
      await options.client().auth.test();
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const slackError = code === WebErrorCode.PlatformError ? (error as WebAPIPlatformError).data.error : undefined;
      if (isTokenRefused(slackError)) return { ok: false, reason: 'slack_auth_failed', detail: slackError };
      return { ok: false, reason: 'slack_unreachable', detail: slackError ?? (error as Error).message };
    }
  };

  return {
    /** Start's `auth.test` succeeded: ready, and believed for `okForMs`. */
    connected() {
      isConnected = true;
      last = { at: now(), check: { ok: true } };
    },
    async check(): Promise<SlackCheck> {
      if (!isConnected) return { ok: false, reason: 'slack_not_connected' };
      if (last && now() - last.at < (last.check.ok ? okForMs : failedForMs)) return last.check;
      inFlight ??= ask().then((check) => {
        last = { at: now(), check };
        inFlight = undefined;
        return check;
      });
      return inFlight;
    },
  };
}

export type SlackReadiness = ReturnType<typeof slackReadiness>;
