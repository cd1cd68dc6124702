import fc from 'fast-check';
import { backoffMs, DEFAULT_BACKOFF } from './backoff';

describe('backoffMs', () => {
  it('should double the wait with each failed try when jitter is at its top', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, DEFAULT_BACKOFF, () => 1))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
  });

  it('should never wait more than the cap nor less than half the planned wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempts, r) => {
          const planned = Math.min(
            DEFAULT_BACKOFF.capMs,
            DEFAULT_BACKOFF.baseMs * 2 ** Math.min(attempts - 1, 30),
          );
          const ms = backoffMs(attempts, DEFAULT_BACKOFF, () => r);
          return ms <= DEFAULT_BACKOFF.capMs && ms >= Math.floor(planned / 2);
        },
      ),
    );
  });
});
