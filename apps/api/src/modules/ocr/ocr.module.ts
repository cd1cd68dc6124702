import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { OcrController } from './ocr.controller';
import { OcrEngine } from './ocr-engine';
import { OcrService } from './ocr.service';
import { OcrWorker } from './ocr.worker';

/**
 * Offline OCR of ID photos: the worker that drains the queue uploads fill (DocumentsModule
 * provides OcrQueue and OcrRepository), the subscriber's prefill endpoint, and the agent's
 * flags (OcrService.flagsForCase, used by review).
 */
@Module({
  imports: [DocumentsModule, CasesModule],
  controllers: [OcrController],
  providers: [
    {
      provide: OcrEngine,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new OcrEngine({ maxInputPixels: config.upload.maxPixels }),
    },
    OcrWorker,
    OcrService,
  ],
  exports: [OcrService, OcrWorker, OcrEngine],
})
export class OcrModule {}
