import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentSubscriber, RequireProvenNumber, SubscriberGuard } from '../../common/auth/guards';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CaseIdPipe } from '../cases/case-id.pipe';
import { OcrService, SubscriberOcr } from './ocr.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@UseGuards(SubscriberGuard)
@RequireProvenNumber()
export class OcrController {
  constructor(private readonly ocr: OcrService) {}

  @Get(':id/ocr')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "What OCR read on the case's ID photos (name, ID number, validity), for the subscriber to confirm or correct; audited",
  })
  @ApiOkResponse({
    description:
      "{ status: 'disabled'|'pending'|'done'|'failed', name?, idNumber?, validFrom?, validUntil?, sides? }",
  })
  @ApiNotFoundResponse({
    description: "CASE_NOT_FOUND (also another number's or another tenant's case: never 403)",
  })
  get(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<SubscriberOcr> {
    return this.ocr.forSubscriber(s, id);
  }
}
