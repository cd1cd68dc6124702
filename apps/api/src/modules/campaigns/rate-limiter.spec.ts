import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('should allow one second of burst and then the rate when sends keep coming', async () => {
    let clock = 0;
    const limiter = new RateLimiter(
      10,
      () => clock,
      (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    );
    for (let i = 0; i < 10; i++) await limiter.take();
    expect(clock).toBe(0);
    for (let i = 0; i < 20; i++) await limiter.take();
    expect(clock).toBeGreaterThanOrEqual(1900);
    expect(clock).toBeLessThanOrEqual(2100);
  });

  it('should refill while idle but never beyond one second of sends', async () => {
    let clock = 0;
    const limiter = new RateLimiter(
      5,
      () => clock,
      (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    );
    for (let i = 0; i < 5; i++) await limiter.take();
    clock += 60_000;
    for (let i = 0; i < 5; i++) await limiter.take();
    expect(clock).toBe(60_000);
    await limiter.take();
    expect(clock).toBeGreaterThan(60_000);
  });
});
