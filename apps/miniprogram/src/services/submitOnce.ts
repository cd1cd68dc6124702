import { ApiError } from './api/errors';
import { newUuid } from './ids';

export interface KeyStorage {
  get(name: string): string | null;
  set(name: string, value: string): void;
  remove(name: string): void;
}

export interface SubmitterOptions<T> {
  caseId: string;
  send: (idempotencyKey: string) => Promise<T>;
  storage: KeyStorage;
  newKey?: () => string;
}

/**
 * Submits a case at most once per attempt.
 * - A tap while a request is in flight joins it: a double tap makes one request.
 * - The Idempotency-Key is made once per attempt and kept (also in storage, so a
 *   restarted app retries with it) until the API gives a definite answer: a
 *   retry after a timeout or a 5xx reuses it, and the API makes no second case.
 * - A definite refusal (4xx, e.g. DOCUMENTS_MISSING) ends the attempt: once the
 *   subscriber has fixed it, the next tap is a new attempt with a new key.
 */
export function createSubmitter<T>(opts: SubmitterOptions<T>) {
  const storageName = `shiming:submit-key:${opts.caseId}`;
  const makeKey = opts.newKey ?? newUuid;
  let inFlight: Promise<T> | null = null;

  function currentKey(): string {
    const existing = opts.storage.get(storageName);
    if (existing) return existing;
    const key = makeKey();
    opts.storage.set(storageName, key);
    return key;
  }

  return {
    get busy(): boolean {
      return inFlight !== null;
    },
    submit(): Promise<T> {
      if (inFlight) return inFlight;
      const key = currentKey();
      inFlight = opts
        .send(key)
        .then((result) => {
          opts.storage.remove(storageName);
          return result;
        })
        .catch((err: unknown) => {
          if (err instanceof ApiError && !err.retryable) opts.storage.remove(storageName);
          throw err;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  };
}
