import { DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE_URL } from '../database/database.module';
import { APP_CONFIG, AppConfig } from './config';

/** Provides the checked configuration and the resolved database URL to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [APP_CONFIG, DATABASE_URL],
    };
  }
}
