import type { DeliveryFailure } from './failure-policy.js';
import { parseOutboxBody, type OutboxBody } from './messages.js';
import type { ClaimedEnvelope, Delivery, StoredMessage } from './store.js';

/** An outbox row handed to {@link Deliver}: its kind and payload parsed against `messages.ts`. */
export type ClaimedMessage = ClaimedEnvelope & OutboxBody;

/** Renders a message and sends it; throws what the platform's client threw. */
export type Deliver = (message: ClaimedMessage) => Promise<Delivery>;

export type AttemptOutcome = { kind: 'sent'; delivery: Delivery } | { kind: 'failed'; failure: DeliveryFailure; error: unknown } | { kind: 'timed_out' };

/** The code of a permanent failure for a row whose kind or payload does not match `messages.ts`. */
export const INVALID_PAYLOAD = 'invalid_payload';

export interface AttemptOptions {
  deliver: Deliver;
  classify: (error: unknown) => DeliveryFailure;
  /** A `deliver` that has not settled by then is given up on. */
  timeoutMs: number;
  /** A delivery given up on that was answered after all (to record it as sent). */
  onLateDelivery: (delivery: Delivery) => void;
}

/**
 * One try of one row: parses it against the contract, calls `deliver`, and turns what happened
 * into an outcome. Never throws: what `deliver` throws (even synchronously) is classified.
 */
export async function attemptDelivery(row: StoredMessage, options: AttemptOptions): Promise<AttemptOutcome> {
  // A row that does not match the contract (written by another version, or by hand) fails for
  // good: retrying cannot make it parse, and the other rows carry on.
  const parsed = parseOutboxBody(row.kind, row.payload);
  if (!parsed.ok) {
    const message = `payload of kind "${row.kind}" does not match its schema: ${parsed.error}`;
    return { kind: 'failed', failure: { action: 'fail', code: INVALID_PAYLOAD, message }, error: undefined };
  }
  const message: ClaimedMessage = { id: row.id, key: row.key, lane: row.lane, attempts: row.attempts, ...parsed.body };
  // Through then(): a deliver that throws synchronously is a failed delivery, not a crashed round.
  const call = Promise.resolve().then(() => options.deliver(message));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<AttemptOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed_out' }), options.timeoutMs);
  });
  const outcome = await Promise.race([
    call.then(
      (delivery): AttemptOutcome => ({ kind: 'sent', delivery: delivery ?? {} }),
      (error: unknown): AttemptOutcome => ({ kind: 'failed', failure: options.classify(error), error }),
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome.kind === 'timed_out') {
    // It may still reach Slack: if it does, say so, which saves the retry and its history check.
    call.then(
      (delivery) => options.onLateDelivery(delivery ?? {}),
      () => undefined,
    );
  }
  return outcome;
}
