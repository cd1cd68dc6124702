import Taro from '@tarojs/taro';
import type { DocumentKind } from '@shiming/domain';
import { appConfig } from '../config';
import { documentPath } from './api/endpoints';
import { ApiError } from './api/errors';
import { classifyFailure, apiUrl } from './api/transport';
import type { UploadedDocument } from './api/types';
import { startAnonymousSession } from './auth';
import { clearSession, readSession } from './session';

export interface UploadOptions {
  caseId: string;
  kind: DocumentKind;
  filePath: string;
  /** 0–100 */
  onProgress?: (percent: number) => void;
}

/** Uploads one photo as multipart field `file`, reporting progress; errors become ApiError. */
export async function uploadDocument(opts: UploadOptions): Promise<UploadedDocument> {
  const token = readSession()?.token ?? (await startAnonymousSession());
  const url = apiUrl(documentPath(opts.caseId, opts.kind));
  const res = await new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
    const task = Taro.uploadFile({
      url,
      filePath: opts.filePath,
      name: 'file',
      // H5 otherwise names it file-<ts> without an extension.
      fileName: `${opts.kind}.jpg`,
      header: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      timeout: appConfig.uploadTimeoutMs,
      withCredentials: false,
      success: (r) => resolve({ statusCode: r.statusCode, data: r.data }),
      fail: (err) => reject(err),
    } as Taro.uploadFile.Option);
    task?.onProgressUpdate?.((p) => opts.onProgress?.(p.progress));
    // Taro also returns the task as a promise; its rejection is handled through `fail`.
    (task as unknown as Promise<unknown> | undefined)?.catch?.(() => undefined);
  }).catch(async (err: unknown) => {
    throw ApiError.client(await classifyFailure(err));
  });

  const body = parseBody(res.data);
  if (res.statusCode >= 200 && res.statusCode < 300 && body && typeof body === 'object') {
    opts.onProgress?.(100);
    return body as UploadedDocument;
  }
  if (res.statusCode === 401) clearSession();
  if (res.statusCode >= 200 && res.statusCode < 300) throw ApiError.client('BAD_RESPONSE');
  throw ApiError.fromResponse(res.statusCode, body);
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}
