/**
 * What the dispatcher should do about a failed delivery, as the platform's classifier says:
 * - `wait`: the platform rate-limited the call (HTTP 429); try again after `retryAfterMs`, and hold the lane.
 * - `retry`: a passing failure (5xx, network, the platform's own trouble); try again with backoff.
 * - `fail`: retrying cannot help (no such channel, invalid blocks, a bug in rendering, a payload that does not parse).
 */
export type DeliveryFailure =
  | { action: 'wait'; code: string; message: string; retryAfterMs: number }
  | { action: 'retry'; code: string; message: string }
  | { action: 'fail'; code: string; message: string };

export interface RetryPolicy {
  /** After this many tries a retryable failure becomes permanent. */
  maxAttempts: number;
  /** Backoff after the n-th failed try is about `backoffBaseMs · 2ⁿ` (jittered, capped). */
  backoffBaseMs: number;
  maxBackoffMs: number;
}

/**
 * What becomes of the row:
 * - `hold`: tried again after `delayMs`, with its lane held as long; the try is not counted against it;
 * - `retry`: tried again after `delayMs`;
 * - `fail`: failed for good, with the code and message to record.
 */
export type FailureDecision =
  | { action: 'hold'; delayMs: number; code: string; message: string }
  | { action: 'retry'; delayMs: number; code: string; message: string }
  | { action: 'fail'; code: string; message: string };

/**
 * The dispatcher's failure policy: a failure and the number of tries so far (this one included)
 * decide whether the row is held, retried with backoff, or failed for good.
 *
 * @example
 * decideFailure({ action: 'retry', code: 'internal_error', message: '…' }, 3, { maxAttempts: 3, backoffBaseMs: 1000, maxBackoffMs: 300_000 })
 * // → { action: 'fail', code: 'internal_error', message: 'gave up after 3 attempts: …' }
 */
export function decideFailure(failure: DeliveryFailure, attempts: number, policy: RetryPolicy, random: () => number = Math.random): FailureDecision {
  switch (failure.action) {
    case 'wait':
      // Slack's pacing, not a broken message: it does not count against maxAttempts.
      return { action: 'hold', delayMs: failure.retryAfterMs, code: failure.code, message: failure.message };
    case 'retry':
      if (attempts < policy.maxAttempts) return { action: 'retry', delayMs: backoff(attempts, policy, random), code: failure.code, message: failure.message };
      return { action: 'fail', code: failure.code, message: `gave up after ${attempts} attempts: ${failure.message}` };
    case 'fail':
      return { action: 'fail', code: failure.code, message: failure.message };
  }
}

/** Exponential backoff, capped, with jitter so that rows that failed together do not come back together. */
export function backoff(attempts: number, policy: Pick<RetryPolicy, 'backoffBaseMs' | 'maxBackoffMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** attempts);
  return ceiling / 2 + (random() * ceiling) / 2;
}
