import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { CampaignPreview, CampaignReport, CampaignsService } from './campaigns.service';
import {
  CampaignFilterDto,
  CampaignPreviewDto,
  CampaignReportDto,
  CreateCampaignDto,
} from './dto/campaigns.dto';

@ApiTags('console: campaigns')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED (carrier_admin)' })
@UseGuards(AgentGuard)
@RequireRole('carrier_admin')
@Controller('console/admin/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  private actor(a: AgentPrincipal): { actorType: 'agent'; actorId: string } {
    return { actorType: 'agent', actorId: a.agentId };
  }

  @Post()
  @ApiOperation({
    summary:
      'Select unregistered numbers (states, kinds, regions, days to escalation) into a reminder campaign, ready to start',
  })
  @ApiCreatedResponse({ type: CampaignReportDto })
  create(
    @CurrentAgent() a: AgentPrincipal,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignReport> {
    return this.campaigns.create(a.tenantId, body, this.actor(a));
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'How many numbers a campaign with this filter would select now (by state, and per region without the region filter); creates nothing',
  })
  @ApiOkResponse({ type: CampaignPreviewDto })
  preview(
    @CurrentAgent() a: AgentPrincipal,
    @Body() body: CampaignFilterDto,
  ): Promise<CampaignPreview> {
    return this.campaigns.preview(a.tenantId, body);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's campaigns, newest first, with progress" })
  @ApiOkResponse({ type: [CampaignReportDto] })
  list(@CurrentAgent() a: AgentPrincipal): Promise<CampaignReport[]> {
    return this.campaigns.list(a.tenantId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and report: sent, failed and skipped by reason, per channel' })
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiNotFoundResponse({ description: 'CAMPAIGN_NOT_FOUND' })
  report(@CurrentAgent() a: AgentPrincipal, @Param('id') id: string): Promise<CampaignReport> {
    return this.campaigns.report(a.tenantId, id);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({
    summary: "Start (or resume) sending: the worker process runs it at the campaign's rate",
  })
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiConflictResponse({ description: 'CAMPAIGN_FINISHED' })
  start(@CurrentAgent() a: AgentPrincipal, @Param('id') id: string): Promise<CampaignReport> {
    return this.campaigns.start(a.tenantId, id, this.actor(a));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause after the batch in flight' })
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiConflictResponse({ description: 'CAMPAIGN_FINISHED' })
  pause(@CurrentAgent() a: AgentPrincipal, @Param('id') id: string): Promise<CampaignReport> {
    return this.campaigns.pause(a.tenantId, id, this.actor(a));
  }
}
