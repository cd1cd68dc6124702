import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { AdminPolicyDto, BrandingDto, UpdateBrandingDto } from './dto/branding.dto';
import { AdminPolicy, Branding, TenantsService } from './tenants.service';

@ApiTags('console: admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
@ApiForbiddenResponse({ description: 'ROLE_REQUIRED (carrier_admin)' })
@UseGuards(AgentGuard)
@RequireRole('carrier_admin')
@Controller('console/admin')
export class TenantsAdminController {
  constructor(private readonly tenants: TenantsService) {}

  @Get('branding')
  @ApiOperation({ summary: "The admin's own tenant branding" })
  @ApiOkResponse({ type: BrandingDto })
  branding(@CurrentAgent() agent: AgentPrincipal): Promise<Branding> {
    return this.tenants.brandingById(agent.tenantId);
  }

  @Put('branding')
  @ApiOperation({ summary: 'Replace the branding and consent text (audited with before/after)' })
  @ApiOkResponse({ type: BrandingDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED with fields' })
  @ApiConflictResponse({
    description: 'CONSENT_VERSION_UNCHANGED: the consent text changed but its version did not',
  })
  updateBranding(
    @CurrentAgent() agent: AgentPrincipal,
    @Body() body: UpdateBrandingDto,
  ): Promise<Branding> {
    return this.tenants.updateBranding(agent, { ...body, logoUrl: body.logoUrl ?? null });
  }

  @Get('policy')
  @ApiOperation({
    summary: "The admin's own tenant policy, with the capture rules under `capture`",
  })
  @ApiOkResponse({ type: AdminPolicyDto })
  async policy(@CurrentAgent() agent: AgentPrincipal): Promise<AdminPolicy> {
    return this.tenants.adminPolicyOf(agent.tenantId);
  }

  /**
   * The body is checked by the domain's validatePolicy (every field, no unknown field) and its
   * optional `capture` by validateCapturePolicy, not by a DTO copy of them.
   */
  @Put('policy')
  @ApiOperation({
    summary: 'Replace the policy, checked by the domain rules (audited with before/after)',
  })
  @ApiBody({ type: AdminPolicyDto })
  @ApiOkResponse({ type: AdminPolicyDto })
  @ApiBadRequestResponse({
    description: 'INVALID_POLICY / INVALID_CAPTURE_POLICY: the message names the field',
  })
  updatePolicy(
    @CurrentAgent() agent: AgentPrincipal,
    @Body() body: Record<string, unknown>,
  ): Promise<AdminPolicy> {
    return this.tenants.updatePolicy(agent, body);
  }
}
