import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import type { ConsoleCase, RevealedApplicant } from './dto/console-case.dto';
import { DecisionDto, RevealDto } from './dto/decision.dto';
import { ReviewService } from './review.service';
import { CaseIdPipe } from './uuid-param.pipe';

const NOT_FOUND =
  "CASE_NOT_FOUND: no such case in the agent's tenant (another tenant's id answers this too)";

@ApiTags('console: review')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED' })
@UseGuards(AgentGuard)
@RequireRole('agent')
@Controller('console')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Post('queue/next')
  @ApiOperation({
    summary:
      'Take the next case: the one you hold, or the oldest waiting case of your tenant, leased to you for 10 minutes',
  })
  @ApiOkResponse({ description: 'ConsoleCase with lease' })
  @ApiNoContentResponse({ description: 'The queue is empty' })
  async next(
    @CurrentAgent() agent: AgentPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsoleCase | undefined> {
    const c = await this.review.claimNext(agent);
    res.status(c ? 200 : 204);
    return c;
  }

  @Post('cases/:id/release')
  @HttpCode(204)
  @ApiOperation({ summary: 'Put a case you hold back in the queue' })
  @ApiNoContentResponse({ description: 'Released' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({
    description: 'LEASE_NOT_HELD: you do not hold this case (or the lease ran out)',
  })
  async release(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<void> {
    await this.review.release(agent, id);
  }

  @Get('cases/:id')
  @ApiOperation({
    summary:
      'A case as an agent sees it: masked identity, checks, signed document URLs, number history (audited)',
  })
  @ApiOkResponse({ description: 'ConsoleCase' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  view(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<ConsoleCase> {
    return this.review.view(agent, id);
  }

  @Post('cases/:id/reveal')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The applicant's name and ID number in clear, for a stated reason (audited)",
  })
  @ApiOkResponse({ description: '{ name, idNumber }' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({
    description: 'APPLICANT_MISSING: the subscriber has not entered them yet',
  })
  reveal(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RevealDto,
  ): Promise<RevealedApplicant> {
    return this.review.reveal(agent, id, body.reason);
  }

  @Post('cases/:id/decision')
  @HttpCode(200)
  @ApiBody({ type: DecisionDto })
  @ApiOperation({
    summary: 'Approve (lifts the suspension through the outbox), ask for resubmission, or reject',
  })
  @ApiOkResponse({ description: 'ConsoleCase after the decision' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({
    description:
      'STALE_DECISION: the case changed since you saw it (version differs); LEASE_NOT_HELD: you do not hold it; ILLEGAL_TRANSITION; ILLEGAL_TRANSITION (numbers): the number cannot be lifted (e.g. cancelled)',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'RESUBMISSION_CAP_REACHED: decide now (approve or reject); IDENTITY_QUOTA_EXCEEDED: reject with identity_quota',
  })
  decide(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', CaseIdPipe) id: string,
    @Body() body: DecisionDto,
  ): Promise<ConsoleCase> {
    return this.review.decide(agent, id, body);
  }
}

/** Signed URLs are opened by <img>, which sends no bearer token: the signature is the credential. */
@ApiTags('console: review')
@Controller('console/documents')
export class ConsoleDocumentsController {
  constructor(private readonly review: ReviewService) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A document image through its signed URL (from ConsoleCase.documents[].url): decrypted, watermarked, audited',
  })
  @ApiProduces('image/jpeg')
  @ApiQuery({ name: 'tenant', required: true })
  @ApiQuery({ name: 'agent', required: true })
  @ApiQuery({ name: 'exp', required: true })
  @ApiQuery({ name: 'sig', required: true })
  @ApiOkResponse({
    description: 'image/jpeg, watermarked with the agent id and the time; Cache-Control: no-store',
  })
  @ApiForbiddenResponse({ description: 'URL_EXPIRED / URL_INVALID' })
  @ApiNotFoundResponse({ description: 'DOCUMENT_NOT_FOUND' })
  async image(
    @Param('id') id: string,
    @Query() q: Record<string, string | undefined>,
    @Res() res: Response,
  ): Promise<void> {
    const jpeg = await this.review.documentImage({
      documentId: id,
      tenant: q['tenant'],
      agent: q['agent'],
      exp: q['exp'],
      sig: q['sig'],
    });
    res
      .status(200)
      .set({
        'Content-Type': 'image/jpeg',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(jpeg);
  }
}
