/**
 * Every failure of a call to the API becomes an ApiError: the server's
 * `{ error: { code, message, fields? } }`, or one of our own codes when the
 * network failed or the answer did not match the contract.
 */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE' | 'HTTP_ERROR';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly details: Record<string, unknown>;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, string>;
    details?: Record<string, unknown>;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields;
    this.details = options.details ?? {};
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** Messages we show for codes the console handles specially (the server's message is the fallback). */
const FRIENDLY: Record<string, string> = {
  NETWORK: '无法连接服务器，请检查网络后重试',
  BAD_RESPONSE: '服务器返回的数据格式不符合约定，请联系技术支持',
  STALE_DECISION: '该工单在您打开后已被修改（可能被其他人处理或用户重新提交），请刷新后重新审核',
  LEASE_NOT_HELD: '您已不再持有该工单（领取已过期或已释放），请领取下一单',
  RESUBMISSION_CAP_REACHED: '该工单的补正次数已达上限，只能通过或驳回',
  BAD_CREDENTIALS: '用户名或密码错误',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  UNAUTHORIZED: '登录已失效，请重新登录',
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return FRIENDLY[e.code] ?? e.message;
  if (e instanceof Error) return e.message;
  return '未知错误';
}
