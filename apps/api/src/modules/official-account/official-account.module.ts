import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { WeChatModule } from '../wechat/wechat.module';
import { MessageServerController } from './message-server.controller';
import { MessageServerService } from './message-server.service';
import { OfficialAccountAdminController } from './official-account-admin.controller';
import { OfficialAccountRepository } from './official-account.repository';
import { OfficialAccountService } from './official-account.service';
import { WeChatOAuthController } from './wechat-oauth.controller';
import { WeChatOAuthService } from './wechat-oauth.service';

/** Each tenant's official account: credentials, menu, message server, web authorisation for the H5. */
@Module({
  imports: [TenantsModule, WeChatModule],
  controllers: [MessageServerController, WeChatOAuthController, OfficialAccountAdminController],
  providers: [
    OfficialAccountRepository,
    OfficialAccountService,
    MessageServerService,
    WeChatOAuthService,
  ],
  exports: [OfficialAccountService, OfficialAccountRepository],
})
export class OfficialAccountModule {}
