import { defineErrors } from '../../common/errors/app-error';

/**
 * What a WeChat failure means to our caller. The client keeps WeChat's own errcode/errmsg and
 * their meaning on the error (for logs), never in the HTTP answer.
 */
export const WeChatError = defineErrors('wechat', {
  /** The code from wx.login / getPhoneNumber is wrong, used or expired: the user retries. */
  WECHAT_CODE_INVALID: 400,
  /** The user declined subscription messages (43101) or the openid is unknown. */
  WECHAT_USER_REFUSED: 422,
  /** WeChat refused us (bad app id/secret, quota, argument): an operator must look. */
  WECHAT_REJECTED: 502,
  /** Timeout, network error, system busy (-1) or a non-JSON answer. */
  WECHAT_UNAVAILABLE: 503,
});

/** Meanings of the errcodes the endpoints we call are documented to return. */
export const WECHAT_ERRCODES: Readonly<Record<number, string>> = {
  [-1]: 'system busy, retry later',
  40001: 'access_token invalid or not the latest',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40016: 'invalid button count (menu: 1 to 3 top-level buttons)',
  40017: 'invalid button type',
  40018: 'invalid button name length',
  40019: 'invalid button key length',
  40023: 'invalid sub-button count (at most 5)',
  40024: 'invalid sub-button type',
  40025: 'invalid sub-button name length',
  40026: 'invalid sub-button key length',
  40027: 'invalid sub-button url length',
  40054: 'sub-button url domain not allowed',
  40055: 'button url domain not allowed',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code already used',
  40164: "caller IP is not on the app's API allowlist",
  40165: 'invalid mini-program page path',
  40166: 'invalid mini-program app id (not linked to this official account)',
  40226: 'high-risk user: login blocked by WeChat',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'code missing',
  42001: 'access_token expired',
  43004: 'user does not follow the official account',
  43019: 'user has blocked the official account',
  43101: 'user refused to accept the subscription message',
  45009: 'daily API quota reached',
  45011: 'API minute quota reached',
  47003: 'argument invalid (template data does not match the template)',
  48001: 'API not authorised for this app',
};

const CODE_ERRORS = new Set([40029, 40163, 41008]);
const USER_ERRORS = new Set([40003, 43004, 43019, 43101, 40226]);

/** A WeChat answer with a non-zero errcode, typed by what it means for us. */
export class WeChatApiError extends WeChatError {
  readonly meaning: string;
  constructor(
    readonly endpoint: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    const meaning = WECHAT_ERRCODES[errcode] ?? 'undocumented errcode';
    const [code, message] = CODE_ERRORS.has(errcode)
      ? (['WECHAT_CODE_INVALID', '微信授权已失效，请重新打开小程序再试'] as const)
      : USER_ERRORS.has(errcode)
        ? (['WECHAT_USER_REFUSED', '微信拒绝了这次操作，请稍后再试或拨打客服热线'] as const)
        : errcode === -1
          ? (['WECHAT_UNAVAILABLE', '微信服务繁忙，请稍后再试'] as const)
          : (['WECHAT_REJECTED', '微信服务暂时不可用，请稍后再试'] as const);
    super(code, message, { wechatErrcode: errcode });
    this.meaning = meaning;
  }

  override toString(): string {
    return `WeChat ${this.endpoint} errcode ${this.errcode} (${this.meaning}): ${this.errmsg}`;
  }
}
