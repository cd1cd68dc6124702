/**
 * A token bucket: `ratePerSecond` sends a second on average, bursts of at most one second's
 * worth. One runner owns a campaign at a time, so the bucket in that runner is the campaign's
 * rate; the clock and the sleep are injectable for tests.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Waits until a send is allowed, then takes it. */
  async take(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((t - this.last) / 1000) * this.ratePerSecond,
      );
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}
