import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { HealthModule } from './health/health.module';

/** Every feature module, in one list. Demo-only modules are added only outside production. */
export function FEATURE_MODULES(config: AppConfig): Array<Type | DynamicModule> {
  const modules: Array<Type | DynamicModule> = [HealthModule];
  if (config.mode !== 'production') {
    // demo doubles (WeChat emulator, fake provisioning, SMS outbox) register here
  }
  return modules;
}
