import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { StorageSweepRepository } from './storage-sweep.repository';
import { StorageSweepService } from './storage-sweep.service';

/** `pnpm shiming storage sweep`: stored files and document rows checked against each other. */
@Module({
  imports: [DocumentsModule],
  providers: [StorageSweepRepository, StorageSweepService],
  exports: [StorageSweepService],
})
export class StorageSweepModule {}
