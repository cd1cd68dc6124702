import { Module } from '@nestjs/common';
import { NumbersModule } from '../numbers/numbers.module';
import { SmsModule } from '../sms/sms.module';
import { TenantsModule } from '../tenants/tenants.module';
import { WeChatModule } from '../wechat/wechat.module';
import { OtpRepository } from './otp.repository';
import { SubscriberAuthController } from './subscriber-auth.controller';
import { SubscriberAuthService } from './subscriber-auth.service';
import { WeChatIdentityRepository } from './wechat-identity.repository';

@Module({
  imports: [TenantsModule, NumbersModule, WeChatModule, SmsModule],
  controllers: [SubscriberAuthController],
  providers: [SubscriberAuthService, OtpRepository, WeChatIdentityRepository],
})
export class SubscriberAuthModule {}
