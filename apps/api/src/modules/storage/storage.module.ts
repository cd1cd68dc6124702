import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';
import { Storage, STORAGE } from './storage';

/** The storage backend chosen by AppConfig.storage (STORAGE_DRIVER). */
export function createStorage(config: AppConfig['storage']): Storage {
  switch (config.driver) {
    case 'local':
      return new LocalDiskStorage(config.dir);
    case 's3':
      return new S3Storage(config);
  }
}

@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createStorage(config.storage),
    },
  ],
  exports: [STORAGE],
})
export class StorageModule {}
