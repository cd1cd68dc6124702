import { Logger } from '@nestjs/common';
import { maskPhone } from '@shiming/domain';
import type { AppConfig } from '../../config/config';
import { DemoInboxRepository } from '../wechat-emulator/demo-inbox.repository';
import type { SmsMessage, SmsSender } from './sms.sender';

/**
 * Demo and test: nothing leaves the machine. The message goes to demo_inbox (read back through
 * GET /api/demo/sms-outbox) and to the log with the number masked; the text itself (with the
 * code) is logged in demo mode only, so a person trying the demo can read it there.
 */
export class LogSmsSender implements SmsSender {
  private readonly logger = new Logger(LogSmsSender.name);

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: DemoInboxRepository,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    await this.inbox.insert('sms', msg.tenantCode, msg.phone, {
      text: msg.text,
      ...(msg.code ? { code: msg.code } : {}),
    });
    const shown = this.config.mode === 'demo' ? `: ${msg.text}` : '';
    this.logger.log(`SMS to ${maskPhone(msg.phone)} (${msg.tenantCode})${shown}`);
  }
}
