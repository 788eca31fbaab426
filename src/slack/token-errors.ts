/**
 * Slack's answers that refuse the bot's token itself, not the call: no retry changes them, and every
 * other call would get the same. Start stops with one line, channel set-up stops its run, and the
 * outbox retries with backoff rather than failing every row over one revoked token.
 */
export const TOKEN_REFUSED: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'ekm_access_denied',
]);

export const isTokenRefused = (slackError: string | undefined): boolean => slackError !== undefined && TOKEN_REFUSED.has(slackError);
