import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { OfficialAccountModule } from '../official-account/official-account.module';
import { SmsModule } from '../sms/sms.module';
import { TenantsModule } from '../tenants/tenants.module';
import { CampaignRunner } from './campaign.runner';
import { CampaignWorker } from './campaign.worker';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';

/** Reminder campaigns: official-account template messages to bound followers, SMS to the rest. */
@Module({
  imports: [TenantsModule, OfficialAccountModule, NoticesModule, SmsModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService, CampaignRunner, CampaignWorker],
  exports: [CampaignsService, CampaignRunner],
})
export class CampaignsModule {}
