import { describe, expect, it, vi } from 'vitest';
import { attemptDelivery, type Deliver } from '../../src/outbox/attempt.js';
import type { DeliveryFailure } from '../../src/outbox/failure-policy.js';
import type { StoredMessage } from '../../src/outbox/store.js';

const row: StoredMessage = { id: 1, key: 'k', lane: 'C1', attempts: 1, kind: 'report_notice', payload: { unit: 'U', channel: 'C1', item: 'X-1', title: 'T', actor: 'U1' } };
const classify = (error: unknown): DeliveryFailure => ({ action: 'fail', code: 'deliver_error', message: String(error) });
const options = (deliver: Deliver, onLateDelivery = vi.fn()) => ({ deliver, classify, timeoutMs: 50, onLateDelivery });

describe('attemptDelivery', () => {
  it('hands deliver the parsed message and returns what it answered', async () => {
    const deliver = vi.fn<Deliver>(async () => ({ ts: '1.0', channel: 'C1' }));
    expect(await attemptDelivery(row, options(deliver))).toEqual({ kind: 'sent', delivery: { ts: '1.0', channel: 'C1' } });
    expect(deliver).toHaveBeenCalledWith({ id: 1, key: 'k', lane: 'C1', attempts: 1, kind: 'report_notice', payload: row.payload });
  });

  it('fails for good, without calling deliver, a row that does not match the contract', async () => {
    const deliver = vi.fn<Deliver>(async () => ({}));
    const outcome = await attemptDelivery({ ...row, payload: { ...row.payload, title: 42 } }, options(deliver));
    expect(outcome).toMatchObject({ kind: 'failed', failure: { action: 'fail', code: 'invalid_payload', message: expect.stringContaining('payload.title') } });
    expect(await attemptDelivery({ ...row, kind: 'note' }, options(deliver))).toMatchObject({ kind: 'failed', failure: { code: 'invalid_payload' } });
    expect(deliver).not.toHaveBeenCalled();
  });

  it('classifies what deliver threw, even synchronously', async () => {
    const deliver: Deliver = () => {
      throw new TypeError('boom');
    };
    expect(await attemptDelivery(row, options(deliver))).toMatchObject({ kind: 'failed', failure: { code: 'deliver_error', message: 'TypeError: boom' } });
  });

  it('gives up on a delivery that does not answer in time, and reports its late answer', async () => {
    let answer: (value: { ts: string }) => void = () => {};
    const onLateDelivery = vi.fn();
    const outcome = await attemptDelivery(row, options(() => new Promise((resolve) => (answer = resolve)), onLateDelivery));
    expect(outcome).toEqual({ kind: 'timed_out' });
    answer({ ts: '2.0' });
    await expect.poll(() => onLateDelivery.mock.calls).toEqual([[{ ts: '2.0' }]]);
  });
});
