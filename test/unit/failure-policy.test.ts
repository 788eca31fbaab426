import { describe, expect, it } from 'vitest';
import { backoff, decideFailure, type DeliveryFailure, type FailureDecision } from '../../src/outbox/failure-policy.js';

const policy = { maxAttempts: 3, backoffBaseMs: 1000, maxBackoffMs: 10_000 };
const wait: DeliveryFailure = { action: 'wait', code: 'ratelimited', message: 'slow down', retryAfterMs: 30_000 };
const retry: DeliveryFailure = { action: 'retry', code: 'internal_error', message: 'oops' };
const fail: DeliveryFailure = { action: 'fail', code: 'channel_not_found', message: 'no such channel' };

describe('decideFailure', () => {
  // The jitter's draw is pinned at 1, so a retry's delay is the ceiling: min(max, base · 2ⁿ).
  const table: [DeliveryFailure, number, FailureDecision][] = [
    [wait, 1, { action: 'hold', delayMs: 30_000, code: 'ratelimited', message: 'slow down' }],
    // A 429 is never counted against maxAttempts.
    [wait, 3, { action: 'hold', delayMs: 30_000, code: 'ratelimited', message: 'slow down' }],
    [wait, 50, { action: 'hold', delayMs: 30_000, code: 'ratelimited', message: 'slow down' }],
    [retry, 1, { action: 'retry', delayMs: 2000, code: 'internal_error', message: 'oops' }],
    [retry, 2, { action: 'retry', delayMs: 4000, code: 'internal_error', message: 'oops' }],
    [retry, 3, { action: 'fail', code: 'internal_error', message: 'gave up after 3 attempts: oops' }],
    [retry, 4, { action: 'fail', code: 'internal_error', message: 'gave up after 4 attempts: oops' }],
    [fail, 1, { action: 'fail', code: 'channel_not_found', message: 'no such channel' }],
    [fail, 3, { action: 'fail', code: 'channel_not_found', message: 'no such channel' }],
  ];
  it.each(table)('%o after %i attempts → %o', (failure, attempts, decision) => {
    expect(decideFailure(failure, attempts, policy, () => 1)).toEqual(decision);
  });

  it('retries at once when maxAttempts allows one more try, never when it is reached', () => {
    expect(decideFailure(retry, 9, { ...policy, maxAttempts: 10 }).action).toBe('retry');
    expect(decideFailure(retry, 10, { ...policy, maxAttempts: 10 }).action).toBe('fail');
  });
});

describe('backoff', () => {
  it.each([
    [1, 0, 1000],
    [1, 1, 2000],
    [3, 0, 4000],
    [3, 1, 8000],
    // Capped at maxBackoffMs.
    [4, 1, 10_000],
    [20, 0, 5000],
  ])('after %i attempts with a draw of %d waits %i ms', (attempts, draw, expected) => {
    expect(backoff(attempts, policy, () => draw)).toBe(expected);
  });

  it('spreads rows that failed together between half the ceiling and the ceiling', () => {
    const delays = Array.from({ length: 200 }, () => backoff(2, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
