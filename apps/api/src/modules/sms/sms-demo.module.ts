import { Module } from '@nestjs/common';
import { DemoInboxRepository } from '../wechat-emulator/demo-inbox.repository';
import { SmsOutboxController } from './sms-outbox.controller';

/** GET /api/demo/sms-outbox: registered only outside production. */
@Module({ controllers: [SmsOutboxController], providers: [DemoInboxRepository] })
export class SmsDemoModule {}
