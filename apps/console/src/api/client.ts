import type { z } from 'zod';
import { ApiError } from './errors';
import { saveFile } from '../lib/save-file';
import { getSession, setSession } from './session';

/**
 * The one way the console talks to the API. It adds the bearer token, checks
 * every answer against a zod schema (the contract in docs/API.md), maps
 * `{ error: { code, message } }` to ApiError and signs the agent out on 401.
 */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Set for the login call: a 401 there means wrong password, not an expired session. */
  anonymous?: boolean;
}

const API_BASE = '/api';

let onUnauthorized: () => void = () => undefined;
/** The app registers what a 401 does (clear the session, go to the login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ''}`;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const session = options.anonymous ? null : getSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK', message: '无法连接服务器' });
  }
  if (!res.ok) throw await toApiError(res, options);
  return res;
}

async function toApiError(res: Response, options: RequestOptions): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: fall through to a generic error */
  }
  const err =
    body &&
    typeof body === 'object' &&
    'error' in body &&
    body.error &&
    typeof body.error === 'object'
      ? (body.error as Record<string, unknown>)
      : null;
  const apiError = new ApiError({
    status: res.status,
    code:
      typeof err?.code === 'string' ? err.code : res.status === 401 ? 'UNAUTHORIZED' : 'HTTP_ERROR',
    message: typeof err?.message === 'string' ? err.message : `请求失败（HTTP ${res.status}）`,
    fields:
      err?.fields && typeof err.fields === 'object'
        ? (err.fields as Record<string, string>)
        : undefined,
    details: err ?? {},
  });
  if (res.status === 401 && !options.anonymous) {
    setSession(null);
    onUnauthorized();
  }
  return apiError;
}

function parse<S extends z.ZodType>(schema: S, data: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    // Log only the shape problem, never the data (it may hold personal data).
    console.error(
      `API answer for ${path} does not match the contract`,
      result.error.issues.map((i) => i.path.join('.')),
    );
    throw new ApiError({
      status: 200,
      code: 'BAD_RESPONSE',
      message: '服务器返回的数据格式不符合约定',
    });
  }
  return result.data;
}

/** JSON request whose answer must match `schema`. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const res = await send(path, options, 'application/json');
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError({
      status: res.status,
      code: 'BAD_RESPONSE',
      message: '服务器返回的不是 JSON',
    });
  }
  return parse(schema, data, path);
}

/** Like apiRequest, but a 204 answer is `null` (e.g. an empty queue). */
export async function apiRequestOrEmpty<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S> | null> {
  const res = await send(path, options, 'application/json');
  if (res.status === 204) return null;
  return parse(schema, await res.json(), path);
}

/** A call whose answer has no body we need (204/202). */
export async function apiCommand(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, { method: 'POST', ...options }, 'application/json');
}

/** A file download behind the bearer token (e.g. CSV export): fetched as a blob, saved via an object URL. */
export async function apiDownload(
  path: string,
  filename: string,
  options: RequestOptions = {},
): Promise<void> {
  const res = await send(path, options, '*/*');
  saveFile(await res.blob(), filename);
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * A multipart upload of one file whose answer must match `schema`. XMLHttpRequest, not fetch:
 * only XHR reports upload progress. Errors map exactly as for apiRequest (a 401 signs out).
 */
export function apiUpload<S extends z.ZodType>(
  path: string,
  schema: S,
  options: {
    file: Blob & { name?: string };
    field?: string;
    onProgress?: (p: UploadProgress) => void;
    signal?: AbortSignal;
  },
): Promise<z.infer<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path));
    xhr.setRequestHeader('Accept', 'application/json');
    const session = getSession();
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'NETWORK', message: '无法连接服务器' }));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'application/json' },
      });
      const settle = async (): Promise<z.infer<S>> => {
        if (!res.ok) throw await toApiError(res, {});
        let data: unknown;
        try {
          data = await res.json();
        } catch {
          throw new ApiError({
            status: res.status,
            code: 'BAD_RESPONSE',
            message: '服务器返回的不是 JSON',
          });
        }
        return parse(schema, data, path);
      };
      settle().then(resolve, reject);
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append(options.field ?? 'file', options.file, options.file.name ?? 'upload');
    xhr.send(form);
  });
}
