import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';
import { Storage, STORAGE } from './storage';

/** The storage backend chosen by AppConfig.storage (STORAGE_DRIVER). */
export function createStorage(
  config: AppConfig['storage'],
  fault: AppConfig['fault'] = null,
): Storage {
  switch (config.driver) {
    case 'local':
      return new LocalDiskStorage(config.dir, fault);
    case 's3':
      return new S3Storage(config);
  }
}

@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createStorage(config.storage, config.fault),
    },
  ],
  exports: [STORAGE],
})
export class StorageModule {}
