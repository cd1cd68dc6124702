/**
 * Every failure the subscriber can meet, with a message in plain Chinese.
 * The API already answers `{ error: { code, message } }` in Chinese; these are
 * used when it could not answer at all (offline, timeout) or sent no message.
 */
export type ClientErrorCode = 'OFFLINE' | 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE' | 'NOT_CONFIGURED' | 'UNEXPECTED';

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  OFFLINE: '手机没有连上网络。请打开移动数据或连上无线网，再点“重试”。',
  TIMEOUT: '网络太慢，等了很久没有回应。请换个信号好的地方，再点“重试”。',
  NETWORK: '连不上服务器。请检查网络后点“重试”；一直不行请拨打客服电话。',
  BAD_RESPONSE: '服务器回复的内容看不懂，请稍后再试。',
  NOT_CONFIGURED: '服务器地址未配置，这个版本无法使用。请联系营业厅。',
  UNEXPECTED: '出了点问题，请稍后再试。如果一直这样，请拨打客服电话。',
};

/** Messages for known API codes, used only when the API gave no message. */
const API_FALLBACK_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: '登录已过期，请重新验证手机号。',
  RATE_LIMITED: '操作太频繁了，请稍等一会儿再试。',
  NUMBER_CANNOT_RECEIVE_SMS: '这个号码现在收不到短信。',
  NUMBER_NOT_OURS: '这个号码不是本运营商的号码。',
  CODE_INVALID: '验证码不对，请看清短信里的 6 位数字再输入。',
  CODE_EXPIRED: '验证码已过期，请重新获取。',
  PROXY_NOT_ALLOWED: '本运营商不接受代办。',
  ENTERPRISE_NOT_ALLOWED: '本运营商暂不在这里办理单位号码。',
  CASE_ALREADY_OPEN: '您已有一份正在办理的登记。',
  NOT_AN_IMAGE: '这个文件不是照片，请重新拍照。',
  FILE_TOO_LARGE: '照片文件太大，请重新拍一张。',
  IMAGE_TOO_LARGE: '照片像素太大，请重新拍一张。',
  CONSENT_VERSION_OUTDATED: '授权说明已更新，请重新阅读并同意。',
  DOCUMENTS_MISSING: '还有照片没有上传。',
  CONSENT_MISSING: '还没有同意个人信息授权。',
  APPLICANT_MISSING: '还没有填写姓名和身份证号。',
  IDENTITY_QUOTA_EXCEEDED: '这个身份证在本运营商名下的号码已满 5 个。',
  UNDERAGE: '年龄不满足要求，请由监护人办理。',
  IDEMPOTENCY_KEY_REUSED: '这次提交和上次不一致，请返回重新提交。',
  NOT_FOUND: '没有找到相关记录。',
};

function fallbackForStatus(status: number): string {
  if (status === 401) return API_FALLBACK_MESSAGES.UNAUTHORIZED!;
  if (status === 404) return API_FALLBACK_MESSAGES.NOT_FOUND!;
  if (status === 429) return API_FALLBACK_MESSAGES.RATE_LIMITED!;
  if (status >= 500) return '服务器暂时出了问题，请稍后再试。';
  return '请求没有成功，请稍后再试。';
}

export interface ApiErrorDetails {
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
  remainingWays?: string[];
  attemptsLeft?: number;
  caseId?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** API code (e.g. CODE_INVALID) or a client code (OFFLINE, TIMEOUT…). */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the server was not reached. */
    readonly status: number,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
  }

  /** True when trying again later may work (network, timeout, 5xx, 429). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }

  static client(code: ClientErrorCode): ApiError {
    return new ApiError(code, CLIENT_MESSAGES[code], 0);
  }

  /** Builds the error from an HTTP answer that is not 2xx. */
  static fromResponse(status: number, body: unknown): ApiError {
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
    const given = typeof error?.message === 'string' && error.message.trim() ? error.message : undefined;
    const message = given ?? API_FALLBACK_MESSAGES[code] ?? fallbackForStatus(status);
    // Extra fields may sit beside `error` or inside it; inside wins.
    const extras = { ...(isRecord(body) ? body : {}), ...(error ?? {}) };
    return new ApiError(code, message, status, pickDetails(extras));
  }
}

/** Turns anything thrown into a message a person can read. */
export function toUserMessage(err: unknown): string {
  return asApiError(err).message;
}

/** Anything thrown, as an ApiError (a bug in our code is not the server's fault: UNEXPECTED). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // A bug, not a network answer: keep it visible to whoever debugs (no personal data in it).
  console.error('[shiming] unexpected error', err instanceof Error ? `${err.name}: ${err.message}` : typeof err);
  return ApiError.client('UNEXPECTED');
}

function pickDetails(error: Record<string, unknown>): ApiErrorDetails {
  const details: ApiErrorDetails = {};
  if (isRecord(error.fields)) {
    details.fields = Object.fromEntries(
      Object.entries(error.fields).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }
  if (typeof error.retryAfterSeconds === 'number') details.retryAfterSeconds = error.retryAfterSeconds;
  if (typeof error.attemptsLeft === 'number') details.attemptsLeft = error.attemptsLeft;
  if (typeof error.caseId === 'string') details.caseId = error.caseId;
  if (Array.isArray(error.remainingWays)) {
    details.remainingWays = error.remainingWays.filter((w): w is string => typeof w === 'string');
  }
  return details;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
