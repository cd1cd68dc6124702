import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { IdempotencyRepository } from './idempotency.repository';
import { RateLimitRepository } from './rate-limit.repository';

/** Registration cases. Exports CasesService (reads, applicant decryption, quota) and CasesRepository (row locks, CASE_COLUMNS/toCaseRecord) for review. */
@Module({
  imports: [DocumentsModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService, IdempotencyRepository, RateLimitRepository],
  exports: [CasesService, CasesRepository, DocumentsModule],
})
export class CasesModule {}
