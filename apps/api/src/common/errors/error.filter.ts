import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from './app-error';

/** Chinese messages for failures raised by the framework itself (unknown route, bad JSON, …). */
const HTTP_DEFAULTS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: '请求格式不正确' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '没有权限进行此操作' },
  404: { code: 'NOT_FOUND', message: '请求的内容不存在' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '不支持此操作' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' },
};

/** How long a client should wait before trying again when every database connection is busy. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * pg-pool's error when no connection came free within connectionTimeoutMillis: the API is
 * overloaded, not broken — the request did not complete and may be tried again shortly.
 */
function isPoolExhausted(e: unknown): boolean {
  return e instanceof Error && e.message === 'timeout exceeded when trying to connect';
}

/**
 * The one place errors become HTTP answers: AppErrors by their declared status, framework
 * HttpExceptions by theirs, an exhausted database pool as 503 SERVICE_BUSY with Retry-After, and
 * anything else is logged and answered 500 with no internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (res.headersSent) return;
    if (status === 503 && body['code'] === 'SERVICE_BUSY')
      res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    res.status(status).json({ error: body });
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: { code: exception.code, message: exception.message, ...exception.details },
      };
    }
    if (isPoolExhausted(exception)) {
      this.logger.warn('no database connection came free in time: answered 503 SERVICE_BUSY');
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: {
          code: 'SERVICE_BUSY',
          message: '现在办理的人太多，请稍等几秒再试',
          retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        },
      };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      const fallback = HTTP_DEFAULTS[status] ?? { code: `HTTP_${status}`, message: '请求无法处理' };
      return { status, body: fallback };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' },
    };
  }
}

/** Nest's HttpException, or errors from express middleware (body-parser, multer) that carry a status. */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const { status, statusCode } = exception as { status?: unknown; statusCode?: unknown };
    const s = typeof status === 'number' ? status : statusCode;
    if (typeof s === 'number' && s >= 400 && s < 600) return s;
  }
  return undefined;
}
