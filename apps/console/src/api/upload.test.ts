import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { signIn } from '../test/factories';
import { mockXhr } from '../test/xhr-mock';
import { apiUpload, setUnauthorizedHandler } from './client';
import { ApiError } from './errors';
import { getSession } from './session';

const answer = z.object({ read: z.number() });
const csv = () => new File(['number,line_type\n'], 'list.csv', { type: 'text/csv' });

describe('apiUpload', () => {
  it('should send the file as multipart with the bearer token and report its progress', async () => {
    signIn();
    const xhr = mockXhr();
    const progress = vi.fn();
    const done = apiUpload('/console/admin/imports', answer, { file: csv(), onProgress: progress });
    const up = xhr.last();
    expect(up.method).toBe('POST');
    expect(up.url).toBe('/api/console/admin/imports');
    expect(up.headers.authorization).toBe('Bearer tok-123');
    expect((up.body?.get('file') as File).name).toBe('list.csv');
    up.progress(5, 10);
    up.respond(200, { read: 3, extra: 'dropped' });
    await expect(done).resolves.toEqual({ read: 3 });
    expect(progress).toHaveBeenCalledWith({ loaded: 5, total: 10 });
  });

  it('should map the error body to an ApiError, as fetch calls do', async () => {
    const xhr = mockXhr();
    const done = apiUpload('/console/admin/imports', answer, { file: csv() });
    xhr.last().respond(400, { error: { code: 'BAD_HEADER', message: '第一行应为表头' } });
    const err = (await done.catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'BAD_HEADER', message: '第一行应为表头' });
  });

  it('should sign out when the upload answers 401', async () => {
    signIn();
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    const xhr = mockXhr();
    const done = apiUpload('/console/admin/imports', answer, { file: csv() });
    xhr.last().respond(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期' } });
    await expect(done).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(getSession()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalled();
  });

  it('should fail with NETWORK when the connection drops and stop when aborted', async () => {
    const xhr = mockXhr();
    const dropped = apiUpload('/console/admin/imports', answer, { file: csv() });
    xhr.last().fail();
    await expect(dropped).rejects.toMatchObject({ code: 'NETWORK' });
    const controller = new AbortController();
    const aborted = apiUpload('/console/admin/imports', answer, {
      file: csv(),
      signal: controller.signal,
    });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });
});
