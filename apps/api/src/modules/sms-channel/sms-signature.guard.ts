import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { verifyBodySignature } from '../provisioning/signature';
import { SmsChannelError } from './sms-channel.errors';

/** How far receivedAt may be from now: a captured request replayed later is refused. */
export const SMS_REPLAY_WINDOW_MS = 5 * 60 * 1000;

/**
 * The gateway signs the exact request body: X-Sms-Signature: sha256=<hex HMAC-SHA256(secret,
 * body)>. Checked before anything reads the body; then receivedAt must be within 5 minutes.
 */
@Injectable()
export class SmsSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const secret = this.config.operations.smsInboundSecret;
    if (!secret)
      throw new SmsChannelError('NOT_CONFIGURED', '短信通道未配置（SMS_INBOUND_SECRET）');
    const header = req.headers['x-sms-signature'];
    if (
      !req.rawBody ||
      !verifyBodySignature(secret, req.rawBody, typeof header === 'string' ? header : undefined)
    ) {
      throw new SmsChannelError('SIGNATURE_INVALID', '签名无效');
    }
    const body = req.body as { receivedAt?: unknown } | undefined;
    const at = typeof body?.receivedAt === 'string' ? Date.parse(body.receivedAt) : NaN;
    if (Number.isNaN(at) || Math.abs(Date.now() - at) > SMS_REPLAY_WINDOW_MS) {
      throw new SmsChannelError(
        'MESSAGE_STALE',
        '消息时间（receivedAt）不在 5 分钟内，已拒绝（防重放）',
      );
    }
    return true;
  }
}
