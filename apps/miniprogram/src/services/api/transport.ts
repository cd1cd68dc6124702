import Taro from '@tarojs/taro';
import { appConfig } from '../../config';
import { ApiError, type ClientErrorCode } from './errors';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the API origin, starting with /api. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function apiUrl(path: string): string {
  if (appConfig.isWeapp && appConfig.apiBase === '') throw ApiError.client('NOT_CONFIGURED');
  return `${appConfig.apiBase}${path}`;
}

/** One HTTP exchange through Taro.request; a network failure becomes an ApiError. */
export async function send(req: HttpRequest): Promise<HttpAnswer> {
  const url = apiUrl(req.path);
  try {
    const res = await Taro.request({
      url,
      method: req.method,
      data: req.body as TaroGeneral.IAnyObject | undefined,
      header: {
        Accept: 'application/json',
        ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...req.headers,
      },
      timeout: req.timeoutMs ?? appConfig.requestTimeoutMs,
      dataType: 'json',
    });
    return { status: res.statusCode, body: res.data as unknown };
  } catch (err) {
    throw ApiError.client(await classifyFailure(err));
  }
}

/** Offline, timeout or some other failure to reach the server. */
export async function classifyFailure(err: unknown): Promise<ClientErrorCode> {
  const text = describe(err);
  if (/timeout|timed out|abort/i.test(text)) return 'TIMEOUT';
  if (await isOffline()) return 'OFFLINE';
  return 'NETWORK';
}

async function isOffline(): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
  try {
    const { networkType } = await Taro.getNetworkType();
    return networkType === 'none';
  } catch {
    return false;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name} ${err.message}`;
  if (typeof err === 'object' && err !== null && 'errMsg' in err)
    return String((err as { errMsg: unknown }).errMsg);
  return String(err);
}
