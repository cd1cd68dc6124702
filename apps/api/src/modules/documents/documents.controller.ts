/// <reference types="multer" />
import {
  Controller,
  HttpCode,
  Param,
  Post,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { DOCUMENT_KINDS } from '@shiming/domain';
import { CurrentSubscriber, RequireProvenNumber, SubscriberGuard } from '../../common/auth/guards';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CaseIdPipe } from '../cases/case-id.pipe';
import { DocumentError } from './documents.errors';
import { DocumentsService } from './documents.service';
import { UploadDocumentBodyDto, UploadedDocumentDto } from './dto/uploaded-document.dto';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@UseGuards(SubscriberGuard)
@RequireProvenNumber()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':id/documents/:kind')
  @HttpCode(201)
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  @ApiOperation({
    summary:
      'Upload one required document photo (re-encoded, metadata stripped, encrypted at rest)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentBodyDto })
  @ApiParam({ name: 'kind', enum: Object.keys(DOCUMENT_KINDS) })
  @ApiCreatedResponse({ type: UploadedDocumentDto })
  @ApiBadRequestResponse({
    description:
      'FILE_MISSING, UPLOAD_MALFORMED, DOCUMENT_KIND_INVALID (not required for this applicant type; `allowed` lists the kinds)',
  })
  @ApiNotFoundResponse({ description: "CASE_NOT_FOUND (also another number's or tenant's case)" })
  @ApiConflictResponse({
    description:
      'CASE_NOT_EDITABLE (only draft and needs_resubmission cases take uploads), NUMBER_ALREADY_REGISTERED (registered since the draft)',
  })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE (over UPLOAD_MAX_BYTES; `maxBytes`)' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'NOT_AN_IMAGE (not JPEG/PNG by its bytes, or truncated/corrupt)',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'IMAGE_TOO_LARGE (more pixels than UPLOAD_MAX_PIXELS), NUMBER_CANCELLED (cancelled since the draft; with hotline)',
  })
  async upload(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) caseId: string,
    @Param('kind') kind: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<UploadedDocumentDto> {
    if (!file) throw new DocumentError('FILE_MISSING', '请选择一张照片上传');
    return this.documents.upload({
      tenantId: s.tenantId,
      numberId: s.numberId as string,
      caseId,
      kind,
      bytes: file.buffer,
      actorId: s.openid ?? `number:${s.numberId as string}`,
    });
  }
}
