import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { OperationsModule } from '../operations/operations.module';
import { SmsModule } from '../sms/sms.module';
import { SmsChannelController } from './sms-channel.controller';
import { SmsChannelRepository } from './sms-channel.repository';
import { SmsChannelService } from './sms-channel.service';
import { SmsSignatureGuard } from './sms-signature.guard';

@Module({
  imports: [OperationsModule, CasesModule, SmsModule],
  controllers: [SmsChannelController],
  providers: [SmsChannelRepository, SmsChannelService, SmsSignatureGuard],
})
export class SmsChannelModule {}
