import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { CaseFlagsModule } from '../review/case-flags';
import { OcrController } from './ocr.controller';
import { OcrEngine } from './ocr-engine';
import { OcrFlagSource } from './ocr-flag-source';
import { OcrService } from './ocr.service';
import { OcrWorker } from './ocr.worker';

/**
 * Offline OCR of ID photos: the worker that drains the queue uploads fill (DocumentsModule
 * provides OcrQueue and OcrRepository), the subscriber's prefill endpoint, and the agent's
 * flags (OcrFlagSource, a source of the review console's CaseFlagRegistry).
 */
@Module({
  imports: [DocumentsModule, CasesModule, CaseFlagsModule],
  controllers: [OcrController],
  providers: [
    {
      provide: OcrEngine,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new OcrEngine({ maxInputPixels: config.upload.maxPixels }),
    },
    OcrWorker,
    OcrService,
    // Registers itself with the review console's CaseFlagRegistry.
    OcrFlagSource,
  ],
  exports: [OcrService, OcrWorker, OcrEngine],
})
export class OcrModule {}
