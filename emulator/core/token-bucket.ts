/**
 * A token bucket on the emulator clock: `capacity` tokens, refilled continuously at
 * `ratePerSecond`. Time comes from the caller (`now`, emulated milliseconds), never from
 * Date.now(), so a ManualClock makes every quota decision deterministic.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
    now: number,
    initial = capacity
  ) {
    this.tokens = initial;
    this.updatedAt = now;
  }

  /** Tokens available at `now` (negative while a debt from an oversized take is being repaid). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes `amount` tokens if that many are available; returns whether it did. */
  tryTake(amount: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Takes `amount` tokens unconditionally; the balance may go negative (a debt). */
  take(amount: number, now: number): void {
    this.refill(now);
    this.tokens -= amount;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000
    );
    this.updatedAt = now;
  }
}
