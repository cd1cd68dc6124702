/** How long to wait after the `attempts`-th failed try: exponential, capped, with full jitter. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, capMs: 60 * 60_000 };

/**
 * base·2^(attempts−1), capped, then a random point between half of it and all of it ("equal
 * jitter"): retries of many rows that failed together spread out instead of stampeding the
 * carrier again at the same instant, and no retry comes sooner than half the planned wait.
 */
export function backoffMs(
  attempts: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(exp / 2 + (exp / 2) * random());
}
