import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { StorageModule } from '../storage/storage.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({
  imports: [OperationsModule, StorageModule],
  providers: [RetentionRepository, RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
