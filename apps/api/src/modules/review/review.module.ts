import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { NumbersModule } from '../numbers/numbers.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { TenantsModule } from '../tenants/tenants.module';
import { DuplicatePhotoFlagSource, QualityFlagSource } from './capture-flag-sources';
import { CaseFlagsModule } from './case-flags';
import { ReviewStatsRepository } from './review-stats.repository';
import { ConsoleDocumentsController, ReviewController } from './review.controller';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';
import { SupervisorController } from './supervisor.controller';
import { SupervisorService } from './supervisor.service';

/** The review console: the queue with leases, case views, reveals, decisions, supervision. */
@Module({
  imports: [
    CasesModule,
    DocumentsModule,
    NumbersModule,
    TenantsModule,
    ProvisioningModule,
    CaseFlagsModule,
  ],
  controllers: [ReviewController, ConsoleDocumentsController, SupervisorController],
  providers: [
    ReviewRepository,
    ReviewStatsRepository,
    ReviewService,
    SupervisorService,
    // Flag sources register themselves with the CaseFlagRegistry (the OCR module adds its own).
    QualityFlagSource,
    DuplicatePhotoFlagSource,
  ],
})
export class ReviewModule {}
