import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseFlag, CaseFlagContext, CaseFlagRegistry, CaseFlagSource } from '../review/case-flags';
import { OcrService } from './ocr.service';

/**
 * OCR_NAME_MISMATCH, OCR_NUMBER_MISMATCH, OCR_NUMBER_UNREADABLE, CARD_EXPIRED: what the
 * subscriber typed against what OCR read on the ID photos in force, each time an agent opens the
 * case (so a corrected applicant or a new photo shows at once). Nothing while OCR is off.
 */
@Injectable()
export class OcrFlagSource implements CaseFlagSource, OnModuleInit {
  readonly name = 'ocr';

  constructor(
    private readonly registry: CaseFlagRegistry,
    private readonly ocr: OcrService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  flags(ctx: CaseFlagContext): Promise<CaseFlag[]> {
    const typed = ctx.applicant
      ? { name: ctx.applicant.name, idNumber: ctx.applicant.idNumber }
      : null;
    return this.ocr.flagsForCase(ctx.tenantId, ctx.record.id, typed, ctx.now, ctx.documents);
  }
}
