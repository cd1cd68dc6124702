import { clearSession, readSession } from '../session';
import { ApiError } from './errors';
import { send, type HttpRequest } from './transport';

export interface CallOptions {
  /** Send the subscriber's token; a missing token starts an anonymous session first. */
  auth?: boolean;
}

type SessionStarter = () => Promise<string>;
let startSession: SessionStarter | null = null;

/** auth.ts registers how to get a token (wx.login or the H5 anonymous login). */
export function setSessionStarter(starter: SessionStarter): void {
  startSession = starter;
}

/** Sends a request; 2xx answers their JSON, anything else throws an ApiError. */
export async function call<T>(req: HttpRequest, opts: CallOptions = {}): Promise<T> {
  const headers = { ...req.headers };
  if (opts.auth) {
    const token = readSession()?.token ?? (startSession ? await startSession() : undefined);
    if (!token) throw new ApiError('UNAUTHENTICATED', '登录已过期，请重新验证手机号。', 401);
    headers.Authorization = `Bearer ${token}`;
  }
  const answer = await send({ ...req, headers });
  if (answer.status >= 200 && answer.status < 300) return answer.body as T;
  const error = ApiError.fromResponse(answer.status, answer.body);
  if (answer.status === 401 && opts.auth) clearSession();
  throw error;
}
