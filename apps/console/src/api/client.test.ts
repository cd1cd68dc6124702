import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { apiJson, apiError, mockFetch } from '../test/fetch-mock';
import { signIn } from '../test/factories';
import { apiCommand, apiRequest, apiRequestOrEmpty, setUnauthorizedHandler } from './client';
import { ApiError, errorMessage } from './errors';
import { getSession } from './session';

const thing = z.object({ n: z.number() });

describe('api client', () => {
  it('should send the bearer token from the session and no token when signed out', async () => {
    const { sent } = mockFetch({ 'GET /api/thing': apiJson(200, { n: 1 }) });
    await apiRequest('/thing', thing);
    expect(sent[0]?.headers.authorization).toBeUndefined();
    signIn();
    await apiRequest('/thing', thing);
    expect(sent[1]?.headers.authorization).toBe('Bearer tok-123');
  });

  it('should keep the session in sessionStorage, never localStorage', () => {
    signIn();
    expect(sessionStorage.getItem('shiming.console.session')).toContain('tok-123');
    expect(Object.keys(localStorage)).toHaveLength(0);
  });

  it('should return the parsed answer when it matches the schema', async () => {
    mockFetch({ 'GET /api/thing': apiJson(200, { n: 42, extra: 'dropped' }) });
    await expect(apiRequest('/thing', thing)).resolves.toEqual({ n: 42 });
  });

  it('should refuse an answer that breaks the contract with BAD_RESPONSE', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mockFetch({ 'GET /api/thing': apiJson(200, { n: 'not a number' }) });
    const err = await apiRequest('/thing', thing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('BAD_RESPONSE');
  });

  it('should map { error: { code, message, fields } } to a typed ApiError', async () => {
    mockFetch({
      'POST /api/thing': apiError(422, 'RESUBMISSION_CAP_REACHED', '补正次数已达上限', {
        fields: { items: '太多' },
      }),
    });
    const err = (await apiCommand('/thing').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('RESUBMISSION_CAP_REACHED');
    expect(err.message).toBe('补正次数已达上限');
    expect(err.fields).toEqual({ items: '太多' });
    expect(errorMessage(err)).toContain('补正次数已达上限');
  });

  it('should use a generic code when the error body is not JSON', async () => {
    mockFetch({ 'GET /api/thing': { status: 502, body: '<html>bad gateway</html>' } });
    const err = (await apiRequest('/thing', thing).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.status).toBe(502);
  });

  it('should report NETWORK when the server cannot be reached', async () => {
    mockFetch({ 'GET /api/thing': new TypeError('Failed to fetch') });
    const err = (await apiRequest('/thing', thing).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('NETWORK');
    expect(errorMessage(err)).toBe('无法连接服务器，请检查网络后重试');
  });

  it('should sign out and call the 401 handler when the session is no longer valid', async () => {
    signIn();
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    mockFetch({ 'GET /api/thing': apiError(401, 'TOKEN_EXPIRED', '登录已过期') });
    await expect(apiRequest('/thing', thing)).rejects.toMatchObject({ status: 401 });
    expect(getSession()).toBeNull();
    expect(sessionStorage.getItem('shiming.console.session')).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('should not treat a 401 on an anonymous call (login) as an expired session', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    mockFetch({ 'POST /api/thing': apiError(401, 'BAD_CREDENTIALS', '用户名或密码错误') });
    await expect(
      apiRequest('/thing', thing, { method: 'POST', anonymous: true }),
    ).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('should answer null on 204 for calls that may be empty', async () => {
    mockFetch({ 'POST /api/thing': apiJson(204) });
    await expect(apiRequestOrEmpty('/thing', thing, { method: 'POST' })).resolves.toBeNull();
  });

  it('should put query parameters in the query string and skip empty ones', async () => {
    const { sent } = mockFetch({ 'GET /api/thing': apiJson(200, { n: 1 }) });
    await apiRequest('/thing', thing, { query: { from: '2016-10-01', to: undefined } });
    expect(sent[0]?.url).toBe('/api/thing?from=2016-10-01');
  });
});
