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
import type { TenantPolicy } from '@shiming/domain';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { BrandingDto, TenantPolicyDto, UpdateBrandingDto } from './dto/branding.dto';
import { Branding, TenantsService } from './tenants.service';

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
  @ApiOperation({ summary: "The admin's own tenant policy" })
  @ApiOkResponse({ type: TenantPolicyDto })
  async policy(@CurrentAgent() agent: AgentPrincipal): Promise<TenantPolicy> {
    return this.tenants.policyOf(agent.tenantId);
  }

  /** The body is checked by the domain's validatePolicy (every field, no unknown field), not by a DTO copy of it. */
  @Put('policy')
  @ApiOperation({
    summary: 'Replace the policy, checked by the domain rules (audited with before/after)',
  })
  @ApiBody({ type: TenantPolicyDto })
  @ApiOkResponse({ type: TenantPolicyDto })
  @ApiBadRequestResponse({ description: 'INVALID_POLICY: the message names the field' })
  updatePolicy(
    @CurrentAgent() agent: AgentPrincipal,
    @Body() body: Record<string, unknown>,
  ): Promise<TenantPolicy> {
    return this.tenants.updatePolicy(agent, body);
  }
}
