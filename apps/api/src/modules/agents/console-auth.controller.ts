import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AgentGuard, CurrentAgent } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { AgentViewDto, LoginDto, LoginResultDto } from './dto/agents.dto';
import { AgentView, AgentsService } from './agents.service';

@ApiTags('console: auth')
@Controller('console')
export class ConsoleAuthController {
  constructor(private readonly agents: AgentsService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Username and password → an agent token (8 h) bound to the tenant, role and token version',
  })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiUnauthorizedResponse({
    description: 'BAD_CREDENTIALS (also for a disabled account: same message)',
  })
  @ApiTooManyRequestsResponse({
    description:
      'RATE_LIMITED with retryAfterSeconds (5 failures per 15 min per username and address)',
  })
  login(
    @Body() body: LoginDto,
    @Req() req: Request,
  ): Promise<{ token: string; expiresAt: string; agent: AgentView }> {
    return this.agents.login(body.username, body.password, req.ip ?? 'unknown');
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(AgentGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ends every session of the agent (the token version moves on)' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
  async logout(@CurrentAgent() agent: AgentPrincipal): Promise<void> {
    await this.agents.logout(agent);
  }

  @Get('me')
  @UseGuards(AgentGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in agent' })
  @ApiOkResponse({ type: AgentViewDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
  me(@CurrentAgent() agent: AgentPrincipal): Promise<AgentView> {
    return this.agents.me(agent);
  }
}
