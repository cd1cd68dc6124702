/**
 * Every failure the API means to report is an AppError with a stable code, an HTTP status and a
 * message a person understands (Chinese where a subscriber reads it). Each feature declares its
 * codes and their statuses once, with defineErrors(); the global filter only reads them.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Declares a feature's error codes with their HTTP statuses and returns its error class.
 * `throw new CaseError('DOCUMENTS_MISSING', '还缺少身份证反面照片')` — the code is type-checked.
 */
export function defineErrors<const M extends Record<string, number>>(feature: string, statuses: M) {
  return class FeatureError extends AppError {
    readonly status: number;
    readonly feature = feature;
    constructor(code: keyof M & string, message: string, details?: Record<string, unknown>) {
      super(code, message, details);
      this.status = statuses[code] as number;
    }
  };
}

/** Errors shared by every feature. */
export const CommonError = defineErrors('common', {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
});
