import { Module } from '@nestjs/common';
import { OfficialAccountModule } from '../official-account/official-account.module';
import { DemoInboxRepository } from './demo-inbox.repository';
import { WeChatEmulatorController } from './wechat-emulator.controller';

/** WeChat's server endpoints under /api/demo/wechat, for demo and test mode only. */
@Module({
  imports: [OfficialAccountModule],
  controllers: [WeChatEmulatorController],
  providers: [DemoInboxRepository],
  exports: [DemoInboxRepository],
})
export class WeChatEmulatorModule {}
