import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OcrQueue } from '../ocr/ocr-queue';
import { OcrRepository } from '../ocr/ocr.repository';
import { StorageModule } from '../storage/storage.module';
import { TenantsModule } from '../tenants/tenants.module';
import { CaptureCheckService } from './capture-check';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@Module({
  imports: [
    StorageModule,
    TenantsModule,
    // Memory storage (multer's default): the bytes are re-encoded and encrypted before anything is written.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.upload.maxBytes, files: 1, fields: 10, parts: 12 },
      }),
    }),
  ],
  controllers: [DocumentsController],
  providers: [
    DocumentsRepository,
    DocumentsService,
    CaptureCheckService,
    UploadErrorsInterceptor,
    // The OCR queue is written in the upload's transaction; the OCR module drains it.
    OcrRepository,
    OcrQueue,
  ],
  exports: [DocumentsService, CaptureCheckService, StorageModule, OcrRepository, OcrQueue],
})
export class DocumentsModule {}
