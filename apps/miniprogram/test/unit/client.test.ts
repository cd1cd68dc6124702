import '../../src/services/auth';
import { api } from '../../src/services/api/endpoints';
import { ApiError } from '../../src/services/api/errors';
import { readSession } from '../../src/services/session';
import { mockFetch, session } from '../support/fetch';

describe('the API client', () => {
  it('should answer the JSON body when the API answers 2xx', async () => {
    const net = mockFetch().reply(200, { code: 'qxn-mobile', hotline: '10086' });
    await expect(api.branding()).resolves.toMatchObject({ hotline: '10086' });
    expect(net.calls[0]?.url).toBe('/api/tenants/qxn-mobile/branding');
  });

  it('should throw an ApiError with the Chinese message when the API answers an error body', async () => {
    session();
    mockFetch().reply(429, {
      error: {
        code: 'RATE_LIMITED',
        message: '发送太频繁，请 60 秒后再试。',
        retryAfterSeconds: 60,
      },
    });
    const err = await api.sendSms('13800138000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      message: '发送太频繁，请 60 秒后再试。',
    });
    expect((err as ApiError).details.retryAfterSeconds).toBe(60);
  });

  it('should start an anonymous H5 session first and send its token when none is stored', async () => {
    const net = mockFetch()
      .reply(200, { token: 'anon-1', expiresAt: new Date(Date.now() + 60_000).toISOString() })
      .reply(200, { resendAfterSeconds: 60, expiresInSeconds: 300 });
    await api.sendSms('13800138000');
    expect(net.calls.map((c) => c.url)).toEqual(['/api/auth/h5-login', '/api/auth/sms/send']);
    expect(net.calls[0]?.body).toEqual({ tenant: 'qxn-mobile' });
    expect(net.calls[1]?.headers.Authorization).toBe('Bearer anon-1');
    expect(net.calls[1]?.body).toEqual({ phone: '13800138000' });
  });

  it('should forget the session when an authenticated call answers 401', async () => {
    session('old');
    mockFetch().reply(401, {
      error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新进入' },
    });
    await expect(api.myNumber()).rejects.toMatchObject({
      status: 401,
      code: 'SESSION_EXPIRED',
      message: '登录已过期，请重新进入',
    });
    expect(readSession()).toBeNull();
  });

  it('should say the phone is offline when the request fails with no network', async () => {
    mockFetch().fail(new TypeError('Failed to fetch'));
    const online = jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
    await expect(api.branding()).rejects.toMatchObject({ code: 'OFFLINE', status: 0 });
    online.mockRestore();
  });

  it('should say the network is slow when the request times out', async () => {
    const abort = new Error('The operation was aborted.');
    abort.name = 'AbortError';
    mockFetch().fail(abort);
    await expect(api.branding()).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('网络太慢'),
    });
  });

  it('should say the server cannot be reached when the request fails while online', async () => {
    mockFetch().fail(new TypeError('Failed to fetch'));
    await expect(api.branding()).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('should send the Idempotency-Key header when submitting', async () => {
    session();
    const net = mockFetch().reply(200, { id: 'c1', state: 'submitted' });
    await api.submit('c1', 'key-123');
    expect(net.calls[0]).toMatchObject({ url: '/api/cases/c1/submit', method: 'POST' });
    expect(net.calls[0]?.headers['Idempotency-Key']).toBe('key-123');
  });
});
