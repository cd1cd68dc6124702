import { Body, Controller, Get, HttpCode, Post, Put, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import {
  OfficialAccountInputDto,
  OfficialAccountSummaryDto,
  PublishMenuAnswerDto,
  PublishMenuDto,
} from './dto/official-account.dto';
import type { WeChatMenu } from './menu';
import { OfficialAccountService, OfficialAccountSummary } from './official-account.service';

@ApiTags('console: admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED (carrier_admin)' })
@UseGuards(AgentGuard)
@RequireRole('carrier_admin')
@Controller('console/admin/wechat')
export class OfficialAccountAdminController {
  constructor(private readonly accounts: OfficialAccountService) {}

  @Get('account')
  @ApiOperation({ summary: "The tenant's official account (secrets never answered)" })
  @ApiOkResponse({ type: OfficialAccountSummaryDto })
  @ApiNoContentResponse({ description: 'None configured yet (a fresh tenant: not an error)' })
  async account(
    @CurrentAgent() agent: AgentPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfficialAccountSummary | undefined> {
    if (!(await this.accounts.find(agent.tenantId))) {
      res.status(204);
      return undefined;
    }
    return this.accounts.summary(agent.tenantId);
  }

  @Put('account')
  @ApiOperation({
    summary:
      'Set the official account: app id, secret, token, EncodingAESKey (encrypted at rest; audited without secrets). A secret left out keeps the stored one',
  })
  @ApiOkResponse({ type: OfficialAccountSummaryDto })
  setAccount(
    @CurrentAgent() agent: AgentPrincipal,
    @Body() body: OfficialAccountInputDto,
  ): Promise<OfficialAccountSummary> {
    return this.accounts.update(agent.tenantId, body, {
      actorType: 'agent',
      actorId: agent.agentId,
    });
  }

  @Post('menu')
  @HttpCode(200)
  @ApiOperation({
    summary: "Build the tenant's menu and publish it to WeChat (dryRun: only build it)",
  })
  @ApiOkResponse({ type: PublishMenuAnswerDto })
  @ApiConflictResponse({ description: 'OFFICIAL_ACCOUNT_NOT_CONFIGURED' })
  @ApiBadGatewayResponse({
    description:
      "MENU_REJECTED (wechatErrcode, meaning: WeChat's errcode and what it means) / WECHAT_UNAVAILABLE",
  })
  publishMenu(
    @CurrentAgent() agent: AgentPrincipal,
    @Body() body: PublishMenuDto,
  ): Promise<{ published: boolean; menu: WeChatMenu }> {
    return this.accounts.publishMenu(agent.tenantId, {
      dryRun: body.dryRun === true,
      actor: { actorType: 'agent', actorId: agent.agentId },
    });
  }
}
