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
