/**
 * Spaces out the calls made to each lane (a channel, or a person's DM): at most one call per
 * `intervalMs` per lane, and none while Slack has asked that lane to wait (`Retry-After`).
 * Lanes are independent of one another. State lives in memory only: it paces this process's
 * calls; the outbox rows themselves carry what other processes must respect.
 *
 * @example
 * const pacer = new LanePacer({ intervalMs: 1000 });
 * const wait = pacer.waitFor('C1'); // 0: go now
 * pacer.record('C1');               // the next call to C1 waits a second
 */
export class LanePacer {
  readonly intervalMs: number;
  private readonly now: () => number;
  /** The earliest instant (on `now`'s scale) at which each lane may be called again. */
  private readonly nextAt = new Map<string, number>();

  constructor(options: { intervalMs: number; now?: () => number }) {
    if (!(options.intervalMs >= 0)) throw new RangeError(`intervalMs must be >= 0, not ${options.intervalMs}`);
    this.intervalMs = options.intervalMs;
    // Monotonic by default: a wall clock set back would stall a lane.
    this.now = options.now ?? (() => performance.now());
  }

  /** Milliseconds to wait before `lane` may be called; 0 when it may be called now. */
  waitFor(lane: string): number {
    const next = this.nextAt.get(lane);
    if (next === undefined) return 0;
    return Math.max(0, next - this.now());
  }

  /** Records a call to `lane` starting now: its next call waits `intervalMs` from now (or longer if held). */
  record(lane: string): void {
    this.push(lane, this.now() + this.intervalMs);
  }

  /** Keeps `lane` quiet for `ms` from now (Slack's `Retry-After`), on top of its pacing. */
  hold(lane: string, ms: number): void {
    this.push(lane, this.now() + Math.max(0, ms));
  }

  /** Forgets lanes that are free again, so the map does not grow with every channel ever seen. */
  prune(): void {
    const now = this.now();
    for (const [lane, next] of this.nextAt) if (next <= now) this.nextAt.delete(lane);
  }

  /** How many lanes are still waiting out an interval or a hold. */
  get size(): number {
    return this.nextAt.size;
  }

  private push(lane: string, at: number): void {
    // Never shorten: a Retry-After hold outlasts the calls recorded after it.
    this.nextAt.set(lane, Math.max(at, this.nextAt.get(lane) ?? at));
  }
}
