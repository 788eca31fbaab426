import { ErrorCode as WebErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../app/logger.js';
import { CodedError, ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import { isTokenRefused } from './token-errors.js';

/** Who the bot is in its workspace, as `auth.test` tells. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId: string;
}

/**
 * Asks Slack who the token belongs to. A token Slack refuses stops start with one line; a Slack
 * that cannot be reached (network, 5xx, 429) is asked again with growing pauses until `signal` aborts.
 */
export async function authenticate(options: {
  /** A client that does not retry by itself (the `auth` profile): the pauses are this function's. */
  client: WebClient;
  logger: Logger;
  signal?: AbortSignal | undefined;
  maxPauseMs?: number | undefined;
}): Promise<BotIdentity> {
  const { client } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await client.auth.test();
      if (!answer.bot_id || !answer.user_id) {
        throw new CodedError(ErrorCode.SlackAuthRejected, (locale) => t(locale, 'slack.notBotToken'));
      }
      return { botId: answer.bot_id, botUserId: answer.user_id, teamId: answer.team_id ?? '' };
    } catch (error) {
      if (error instanceof CodedError) throw error;
      const code = (error as { code?: string }).code;
      const slackError = code === WebErrorCode.PlatformError ? (error as WebAPIPlatformError).data.error : undefined;
      if (isTokenRefused(slackError)) {
        throw new CodedError(ErrorCode.SlackAuthRejected, (locale) => t(locale, 'slack.botTokenRefused', { reason: slackError as string }));
      }
      const pause = Math.min(1000 * 2 ** attempt, options.maxPauseMs ?? 60_000);
      options.logger.warn({ reason: slackError ?? (error as Error).message, retryInMs: pause }, 'Slack cannot be reached yet; trying again');
      await sleep(pause, undefined, { signal: options.signal });
    }
  }
}
