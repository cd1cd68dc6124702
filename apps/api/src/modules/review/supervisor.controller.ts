import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { AuditEntryView, ConsoleStats, SupervisorService } from './supervisor.service';
import { CaseIdPipe, LiftIdPipe } from './uuid-param.pipe';

@ApiTags('console: supervision')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED: supervisor or above' })
@UseGuards(AgentGuard)
@RequireRole('supervisor')
@Controller('console')
export class SupervisorController {
  constructor(private readonly supervisor: SupervisorService) {}

  @Get('stats')
  @ApiOperation({
    summary:
      'Queue depth and ageing, decisions per agent, decision rates today, lifts pending and dead-lettered',
  })
  @ApiOkResponse({ description: 'ConsoleStats' })
  stats(@CurrentAgent() agent: AgentPrincipal): Promise<ConsoleStats> {
    return this.supervisor.overview(agent);
  }

  @Get('cases/:id/audit')
  @ApiOperation({
    summary:
      'The audit trail of a case (claims, views, reveals, decisions, document views, lift events)',
  })
  @ApiOkResponse({ description: '[{ at, actor: { type, id, username }, action, detail }]' })
  @ApiNotFoundResponse({ description: 'CASE_NOT_FOUND' })
  caseAudit(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', CaseIdPipe) id: string,
  ): Promise<AuditEntryView[]> {
    return this.supervisor.caseAudit(agent, id);
  }

  @Post('lifts/:id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a dead-lettered lift again (deadLetters[].id of the stats); audited',
  })
  @ApiAcceptedResponse({ description: 'Queued again' })
  @ApiNotFoundResponse({ description: 'LIFT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'LIFT_NOT_DEAD: it is not in the dead-letter queue' })
  async retry(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id', LiftIdPipe) id: string,
  ): Promise<void> {
    await this.supervisor.retryLift(agent, id);
  }
}
