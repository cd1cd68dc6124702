import Taro from '@tarojs/taro';
import { maskPhone } from '@shiming/domain';
import { appConfig } from '../config';
import { setSessionStarter } from './api/client';
import { api } from './api/endpoints';
import { ApiError } from './api/errors';
import type { TokenAnswer } from './api/types';
import { saveSession } from './session';

let pending: Promise<string> | null = null;

/** An anonymous session: wx.login in WeChat, the H5 login elsewhere. One at a time. */
export function startAnonymousSession(): Promise<string> {
  pending ??= (async () => {
    try {
      const answer = appConfig.isWeapp ? await wechatLogin() : await api.h5Login();
      saveSession({ ...answer, phoneMasked: null });
      return answer.token;
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/** wx.login codes are single-use and short-lived: a refused one is replaced once by a fresh one. */
async function wechatLogin(): Promise<TokenAnswer> {
  try {
    return await api.wechatLogin((await Taro.login()).code);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'WECHAT_CODE_INVALID')) throw err;
    return api.wechatLogin((await Taro.login()).code);
  }
}

setSessionStarter(startAnonymousSession);

/** Keeps the token bound to the proven number. */
export function rememberProvenNumber(
  answer: TokenAnswer,
  phone: string,
  alreadyMasked = false,
): void {
  saveSession({ ...answer, phoneMasked: alreadyMasked ? phone : maskPhone(phone) });
}
