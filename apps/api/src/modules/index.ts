import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { NumbersModule } from './numbers/numbers.module';
import { TenantsModule } from './tenants/tenants.module';
import { WeChatEmulatorModule } from './wechat-emulator/wechat-emulator.module';
import { WeChatModule } from './wechat/wechat.module';

/** Every feature module, in one list. Demo-only modules are added only outside production. */
export function FEATURE_MODULES(config: AppConfig): Array<Type | DynamicModule> {
  const modules: Array<Type | DynamicModule> = [HealthModule, DocumentsModule, TenantsModule, NumbersModule, WeChatModule];
  if (config.mode !== 'production') {
    // demo doubles (WeChat emulator, fake provisioning, SMS outbox) register here
    modules.push(WeChatEmulatorModule);
  }
  return modules;
}
