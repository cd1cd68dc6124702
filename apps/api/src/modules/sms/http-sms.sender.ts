import { createHmac, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { maskPhone } from '@shiming/domain';
import { SmsError } from './sms.errors';
import type { SmsMessage, SmsSender } from './sms.sender';

/**
 * The carrier's SMS gateway: a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>`
 * (headers X-Shiming-Timestamp, X-Shiming-Signature: hex), so the gateway can refuse forged
 * and replayed requests. Any non-2xx answer, network error or timeout is SMS_UNAVAILABLE.
 */
export class HttpSmsSender implements SmsSender {
  private readonly logger = new Logger(HttpSmsSender.name);
  timeoutMs = 5000;

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  static sign(secret: string, timestamp: string, body: string): string {
    return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  }

  async send(msg: SmsMessage): Promise<void> {
    const body = JSON.stringify({
      id: randomUUID(),
      tenant: msg.tenantCode,
      to: msg.phone,
      text: msg.text,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shiming-timestamp': timestamp,
          'x-shiming-signature': HttpSmsSender.sign(this.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      this.logger.warn(
        `SMS to ${maskPhone(msg.phone)}: gateway unreachable (${e instanceof Error ? e.name : 'error'})`,
      );
      throw new SmsError('SMS_UNAVAILABLE', '短信暂时发送不了，请稍后再试');
    }
    if (status < 200 || status >= 300) {
      this.logger.warn(`SMS to ${maskPhone(msg.phone)}: gateway answered HTTP ${status}`);
      throw new SmsError('SMS_UNAVAILABLE', '短信暂时发送不了，请稍后再试');
    }
  }
}
