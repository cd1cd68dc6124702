import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BrandingDto, TenantSummaryDto } from './dto/branding.dto';
import { Branding, TenantSummary, TenantsService } from './tenants.service';

@ApiTags('tenants')
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @ApiOperation({ summary: 'Every tenant (the demo tenant picker)' })
  @ApiOkResponse({ type: [TenantSummaryDto] })
  list(): Promise<TenantSummary[]> {
    return this.tenants.list();
  }

  @Get(':code/branding')
  @ApiOperation({ summary: "A tenant's brand, hotline, policy and consent text" })
  @ApiOkResponse({ type: BrandingDto })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  branding(@Param('code') code: string): Promise<Branding> {
    return this.tenants.brandingByCode(code);
  }
}
