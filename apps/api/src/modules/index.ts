import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { AgentsModule } from './agents/agents.module';
import { DemoSeedModule } from './demo-seed/demo-seed.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CasesModule } from './cases/cases.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { EscalationModule } from './escalation/escalation.module';
import { ImportsModule } from './imports/imports.module';
import { NoticesModule } from './notices/notices.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { ScheduledJobsModule } from './scheduled-jobs/scheduled-jobs.module';
import { SmsChannelModule } from './sms-channel/sms-channel.module';
import { NumbersModule } from './numbers/numbers.module';
import { OcrModule } from './ocr/ocr.module';
import { OfficialAccountModule } from './official-account/official-account.module';
import { FakeProvisioningModule } from './provisioning/fake-provisioning.module';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { ReviewModule } from './review/review.module';
import { SmsDemoModule } from './sms/sms-demo.module';
import { StorageSweepModule } from './storage-sweep/storage-sweep.module';
import { SubscriberAuthModule } from './subscriber-auth/subscriber-auth.module';
import { TenantsModule } from './tenants/tenants.module';
import { WeChatEmulatorModule } from './wechat-emulator/wechat-emulator.module';
import { WeChatModule } from './wechat/wechat.module';

/** Every feature module, in one list. Demo-only modules are added only outside production. */
export function FEATURE_MODULES(config: AppConfig): Array<Type | DynamicModule> {
  const modules: Array<Type | DynamicModule> = [
    HealthModule,
    ImportsModule,
    EscalationModule,
    ScheduledJobsModule,
    SmsChannelModule,
    NoticesModule,
    ReportsModule,
    RetentionModule,
    DocumentsModule,
    StorageSweepModule,
    CasesModule,
    TenantsModule,
    NumbersModule,
    WeChatModule,
    SubscriberAuthModule,
    AgentsModule,
    DemoSeedModule,
  ];
  modules.push(ReviewModule, ProvisioningModule, OcrModule);
  modules.push(OfficialAccountModule, CampaignsModule);
  if (config.mode !== 'production') {
    modules.push(FakeProvisioningModule);
    // demo doubles (WeChat emulator, fake provisioning, SMS outbox) register here
    modules.push(WeChatEmulatorModule, SmsDemoModule);
  }
  return modules;
}
