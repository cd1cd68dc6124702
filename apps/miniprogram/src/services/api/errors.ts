/**
 * Every failure the subscriber can meet, with a message in plain Chinese.
 * The API already answers `{ error: { code, message } }` in Chinese; these are
 * used when it could not answer at all (offline, timeout) or sent no message.
 */
export type ClientErrorCode =
  'OFFLINE' | 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE' | 'NOT_CONFIGURED' | 'UNEXPECTED';

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  OFFLINE: '手机没有连上网络。请打开移动数据或连上无线网，再点“重试”。',
  TIMEOUT: '网络太慢，等了很久没有回应。请换个信号好的地方，再点“重试”。',
  NETWORK: '连不上服务器。请检查网络后点“重试”；一直不行请拨打客服电话。',
  BAD_RESPONSE: '服务器回复的内容看不懂，请稍后再试。',
  NOT_CONFIGURED: '服务器地址未配置，这个版本无法使用。请联系营业厅。',
  UNEXPECTED: '出了点问题，请稍后再试。如果一直这样，请拨打客服电话。',
};

/**
 * Messages for the API's codes (docs/API.md), used only when the API sent no readable Chinese
 * message: the API's own text is more precise (it names the missing photo, the hotline…).
 */
const API_FALLBACK_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '登录已过期，请重新验证手机号。',
  SESSION_EXPIRED: '登录已过期，请重新验证手机号。',
  NUMBER_NOT_PROVEN: '请先验证您的手机号码。',
  TENANT_NOT_FOUND: '没有找到这个运营商的办理入口，请从公众号菜单重新进入。',
  VALIDATION_FAILED: '填写的信息有误，请按提示改正后再试。',
  RATE_LIMITED: '操作太频繁了，请稍等一会儿再试。',
  NUMBER_CANNOT_RECEIVE_SMS: '这个号码现在收不到短信。',
  NUMBER_NOT_OURS: '这个号码不是本运营商的号码。',
  CODE_INVALID: '验证码不对，请看清短信里的 6 位数字再输入。',
  CODE_EXPIRED: '验证码已过期，请重新获取。',
  SMS_UNAVAILABLE: '短信暂时发不出去，请稍后再试。',
  WECHAT_CODE_INVALID: '微信登录已失效，请关闭页面后重新进入。',
  WECHAT_LOGIN_REQUIRED: '这个方式只能在微信里使用，请用短信验证码验证。',
  WECHAT_UNAVAILABLE: '暂时连不上微信，请稍后再试，或用短信验证码验证。',
  PROXY_NOT_ALLOWED: '本运营商不接受代办。',
  ENTERPRISE_NOT_ALLOWED: '本运营商暂不在这里办理单位号码。',
  CASE_ALREADY_OPEN: '您已有一份正在办理的登记。',
  NUMBER_CANCELLED: '这个号码已经注销，不能在这里登记，请拨打客服电话咨询。',
  NUMBER_ALREADY_REGISTERED: '这个号码已经完成实名登记，不需要再办理。',
  CASE_NOT_FOUND: '没有找到这份登记，请从首页重新进入。',
  CASE_NOT_EDITABLE: '这份登记已经提交或已经结束，不能再修改。',
  ILLEGAL_TRANSITION: '这份登记现在不能这样操作。',
  NOT_AN_IMAGE: '这个文件不是照片，请重新拍照。',
  FILE_TOO_LARGE: '照片文件太大，请重新拍一张。',
  IMAGE_TOO_LARGE: '照片像素太大，请重新拍一张。',
  FILE_MISSING: '照片没有传上去，请再试一次。',
  UPLOAD_MALFORMED: '照片没有传完整，请再试一次。',
  DOCUMENT_KIND_INVALID: '照片类型不对，请从首页重新进入。',
  CONSENT_VERSION_OUTDATED: '授权说明已更新，请重新阅读并同意。',
  DOCUMENTS_MISSING: '还有照片没有上传。',
  PHOTO_QUALITY_FAILED: '有照片不够清楚，请重拍后再提交。',
  CONSENT_MISSING: '还没有同意个人信息授权。',
  APPLICANT_MISSING: '还没有填写姓名和身份证号。',
  IDENTITY_QUOTA_EXCEEDED: '这个身份证在本运营商名下的号码已满 5 个。',
  UNDERAGE: '年龄不满足要求，请由监护人办理。',
  IDEMPOTENCY_KEY_MISSING: '提交没有成功，请再点一次“提交”。',
  IDEMPOTENCY_KEY_REUSED: '这次提交和上次不一致，请返回重新提交。',
  QUERY_REQUIRED: '请填写通知编号或来电号码。',
  NOT_FOUND: '没有找到相关记录。',
};

function fallbackForStatus(status: number): string {
  if (status === 401) return API_FALLBACK_MESSAGES.UNAUTHENTICATED!;
  if (status === 404) return API_FALLBACK_MESSAGES.NOT_FOUND!;
  if (status === 429) return API_FALLBACK_MESSAGES.RATE_LIMITED!;
  if (status >= 500) return '服务器暂时出了问题，请稍后再试。';
  return '请求没有成功，请稍后再试。';
}

export interface ApiErrorDetails {
  /** VALIDATION_FAILED: the message for each field. */
  fields?: Record<string, string>;
  /** VALIDATION_FAILED of the applicant: the domain's error code for each field (e.g. CHECKSUM). */
  fieldCodes?: Record<string, string>;
  retryAfterSeconds?: number;
  remainingWays?: string[];
  attemptsLeft?: number;
  caseId?: string;
  /** DOCUMENTS_MISSING: the kinds still to upload. */
  missing?: string[];
  /** CONSENT_VERSION_OUTDATED: the version of the text now in force. */
  currentVersion?: string;
  /** NUMBER_CANCELLED: where to ask. */
  hotline?: string;
  /** PHOTO_QUALITY_FAILED: each photo to retake and the checks it failed (blur, glare…). */
  retake?: { kind: string; checks: string[] }[];
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
    // The API speaks Chinese; anything else (a proxy's English page, an empty message) is replaced.
    const given =
      typeof error?.message === 'string' && /\p{Script=Han}/u.test(error.message)
        ? error.message
        : undefined;
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
  console.error(
    '[shiming] unexpected error',
    err instanceof Error ? `${err.name}: ${err.message}` : typeof err,
  );
  return ApiError.client('UNEXPECTED');
}

function pickDetails(error: Record<string, unknown>): ApiErrorDetails {
  const details: ApiErrorDetails = {};
  if (isRecord(error.fields)) details.fields = stringRecord(error.fields);
  if (isRecord(error.fieldCodes)) details.fieldCodes = stringRecord(error.fieldCodes);
  if (Array.isArray(error.missing))
    details.missing = error.missing.filter((k): k is string => typeof k === 'string');
  if (typeof error.currentVersion === 'string') details.currentVersion = error.currentVersion;
  if (typeof error.hotline === 'string') details.hotline = error.hotline;
  if (typeof error.retryAfterSeconds === 'number')
    details.retryAfterSeconds = error.retryAfterSeconds;
  if (typeof error.attemptsLeft === 'number') details.attemptsLeft = error.attemptsLeft;
  if (typeof error.caseId === 'string') details.caseId = error.caseId;
  if (Array.isArray(error.documents)) {
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
    details.retake = error.documents
      .filter(isRecord)
      .filter((d) => typeof d.kind === 'string')
      .map((d) => ({ kind: d.kind as string, checks: strings(d.checks) }));
  }
  if (Array.isArray(error.remainingWays)) {
    details.remainingWays = error.remainingWays.filter((w): w is string => typeof w === 'string');
  }
  return details;
}

function stringRecord(r: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(r).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
