import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentSubscriber, RequireProvenNumber, SubscriberGuard } from '../../common/auth/guards';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CaseIdPipe } from './case-id.pipe';
import { SubscriberCase } from './case.mapper';
import { CasesService } from './cases.service';
import {
  ApplicantDto,
  ApplicantSummaryDto,
  ConsentDto,
  ConsentResultDto,
  CreateCaseDto,
  SubscriberCaseDto,
} from './dto/cases.dto';

const NOT_FOUND = "CASE_NOT_FOUND (also another number's or another tenant's case: never 403)";

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@UseGuards(SubscriberGuard)
@RequireProvenNumber()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Start a registration case for the proven number (a draft; the same type again returns the existing draft, another type replaces it)',
  })
  @ApiCreatedResponse({ type: SubscriberCaseDto })
  @ApiConflictResponse({
    description: 'CASE_ALREADY_OPEN (with caseId), NUMBER_ALREADY_REGISTERED',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'PROXY_NOT_ALLOWED / ENTERPRISE_NOT_ALLOWED (tenant policy; message says what to do instead), NUMBER_CANCELLED (with hotline)',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  create(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Body() body: CreateCaseDto,
  ): Promise<SubscriberCase> {
    return this.cases.create(s, body.applicantType);
  }

  @Get()
  @ApiOperation({ summary: "The proven number's cases, newest first" })
  @ApiOkResponse({ type: [SubscriberCaseDto] })
  list(@CurrentSubscriber() s: SubscriberPrincipal): Promise<SubscriberCase[]> {
    return this.cases.list(s);
  }

  @Get(':id')
  @ApiOkResponse({ type: SubscriberCaseDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<SubscriberCase> {
    return this.cases.get(s, id);
  }

  @Put(':id/applicant')
  @ApiOperation({ summary: 'Name and ID number (stored encrypted; answered masked)' })
  @ApiOkResponse({ type: ApplicantSummaryDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED with fields {field: message} and fieldCodes {field: domain code, e.g. CHECKSUM}',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'CASE_NOT_EDITABLE' })
  setApplicant(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ApplicantDto,
  ): Promise<ApplicantSummaryDto> {
    return this.cases.setApplicant(s, id, body);
  }

  @Post(':id/consent')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Separate consent to processing ID photos, recorded with the version of the text shown (audited)',
  })
  @ApiOkResponse({ type: ConsentResultDto })
  @ApiConflictResponse({
    description: 'CONSENT_VERSION_OUTDATED (with currentVersion), CASE_NOT_EDITABLE',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  consent(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ConsentDto,
  ): Promise<ConsentResultDto> {
    return this.cases.consent(s, id, body.version);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Submit or resubmit (idempotent by Idempotency-Key: a repeat returns the first answer)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A fresh random value per submission attempt (printable ASCII, ≤ 200)',
  })
  @ApiOkResponse({ type: SubscriberCaseDto })
  @ApiBadRequestResponse({ description: 'IDEMPOTENCY_KEY_MISSING' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({
    description: 'IDEMPOTENCY_KEY_REUSED (same key, another request), CASE_NOT_EDITABLE',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'DOCUMENTS_MISSING (with missing kinds) / APPLICANT_MISSING / CONSENT_MISSING / UNDERAGE / IDENTITY_QUOTA_EXCEEDED (with count, limit) / NUMBER_CANCELLED',
  })
  @ApiTooManyRequestsResponse({
    description:
      'RATE_LIMITED with retryAfterSeconds: 20 submission attempts per hour per client address (repeats of an answered Idempotency-Key are not counted)',
  })
  submit(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<SubscriberCase> {
    return this.cases.submit(s, id, key, req.ip ?? 'unknown');
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriberCaseDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION (already decided or withdrawn)' })
  withdraw(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<SubscriberCase> {
    return this.cases.withdraw(s, id);
  }
}
