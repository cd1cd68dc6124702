import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DemoInboxRepository } from '../wechat-emulator/demo-inbox.repository';
import { HttpSmsSender } from './http-sms.sender';
import { LogSmsSender } from './log-sms.sender';
import { SMS_SENDER, SmsSender } from './sms.sender';

/** Provides SMS_SENDER, chosen by config.sms.driver. */
@Module({
  providers: [
    DemoInboxRepository,
    {
      provide: SMS_SENDER,
      inject: [APP_CONFIG, DemoInboxRepository],
      useFactory: (config: AppConfig, inbox: DemoInboxRepository): SmsSender =>
        config.sms.driver === 'http'
          ? new HttpSmsSender(config.sms.url, config.sms.secret)
          : new LogSmsSender(config, inbox),
    },
  ],
  exports: [SMS_SENDER],
})
export class SmsModule {}
