import type { ArgumentsHost } from '@nestjs/common';
import { CommonError } from './app-error';
import { ErrorFilter } from './error.filter';

function answer(exception: unknown): {
  status: number;
  body: unknown;
  headers: Record<string, string>;
} {
  const out = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => void (out.headers[k] = v),
    status: (s: number) => {
      out.status = s;
      return res;
    },
    json: (b: unknown) => void (out.body = b),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return out;
}

describe('ErrorFilter', () => {
  it('should answer 503 SERVICE_BUSY with Retry-After when no database connection came free', () => {
    const r = answer(new Error('timeout exceeded when trying to connect'));
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('5');
    expect(r.body).toEqual({
      error: {
        code: 'SERVICE_BUSY',
        message: '现在办理的人太多，请稍等几秒再试',
        retryAfterSeconds: 5,
      },
    });
  });

  it('should answer 500 INTERNAL without internals when the error is unknown', () => {
    const r = answer(new Error('relation "x" does not exist'));
    expect(r).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' } },
      headers: {},
    });
  });

  it('should answer an AppError with its status, code and details', () => {
    const r = answer(new CommonError('RATE_LIMITED', '太频繁', { retryAfterSeconds: 9 }));
    expect(r.status).toBe(429);
    expect(r.body).toEqual({
      error: { code: 'RATE_LIMITED', message: '太频繁', retryAfterSeconds: 9 },
    });
  });
});
