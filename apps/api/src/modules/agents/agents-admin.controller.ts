import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { CreateAgentDto, ManagedAgentDto, UpdateAgentDto } from './dto/agents.dto';
import { AgentsService, ManagedAgent } from './agents.service';

@ApiTags('console: admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED (carrier_admin); ROLE_NOT_ASSIGNABLE' })
@UseGuards(AgentGuard)
@RequireRole('carrier_admin')
@Controller('console/admin/agents')
export class AgentsAdminController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: "The admin's tenant's agents" })
  @ApiOkResponse({ type: [ManagedAgentDto] })
  list(@CurrentAgent() admin: AgentPrincipal): Promise<ManagedAgent[]> {
    return this.agents.list(admin);
  }

  @Post()
  @ApiOperation({ summary: "Create an agent of the admin's tenant (audited)" })
  @ApiCreatedResponse({ type: ManagedAgentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED with fields' })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN' })
  create(
    @CurrentAgent() admin: AgentPrincipal,
    @Body() body: CreateAgentDto,
  ): Promise<ManagedAgent> {
    return this.agents.create(admin, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change role, name, disabled or password (audited; access changes end the agent's sessions)",
  })
  @ApiOkResponse({ type: ManagedAgentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED with fields' })
  @ApiNotFoundResponse({ description: "AGENT_NOT_FOUND (also another tenant's agent)" })
  @ApiConflictResponse({ description: 'CANNOT_CHANGE_OWN_ACCESS' })
  update(
    @CurrentAgent() admin: AgentPrincipal,
    @Param('id') id: string,
    @Body() body: UpdateAgentDto,
  ): Promise<ManagedAgent> {
    return this.agents.update(admin, id, body);
  }
}
