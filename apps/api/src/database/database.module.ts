import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

export const DATABASE_URL = Symbol('DATABASE_URL');

/** TypeORM on the URL resolved at start-up (a real server, or the embedded PGlite). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, DATABASE_URL],
      useFactory: (config: AppConfig, url: string) =>
        dataSourceOptions(url, config.database.poolSize),
    }),
  ],
})
export class DatabaseModule {}
