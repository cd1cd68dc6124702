import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { TenantError } from '../tenants/tenants.errors';
import { TenantsService } from '../tenants/tenants.service';
import { ProvisioningError } from './provisioning.errors';
import { ProvisioningRepository } from './provisioning.repository';
import { verifyBodySignature } from './signature';

/**
 * A stand-in for a carrier's provisioning system (demo and test modes only): checks the HMAC,
 * records each call in demo_inbox, applies each idempotency key once and confirms the lift.
 */
@Controller('demo/provisioning')
export class FakeProvisioningController {
  constructor(
    private readonly repo: ProvisioningRepository,
    private readonly tenants: TenantsService,
  ) {}

  @Post('lift')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Demo: the fake carrier provisioning endpoint — lift a suspension (HMAC-checked, idempotent by key)',
  })
  @ApiOkResponse({ description: '{ status: "done", duplicate: boolean }' })
  @ApiUnauthorizedResponse({
    description: 'SIGNATURE_INVALID: X-Shiming-Signature does not match the body',
  })
  @ApiBadRequestResponse({ description: 'IDEMPOTENCY_KEY_MISSING' })
  lift(
    @Req() req: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
    @Headers('x-shiming-signature') signature: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<{ status: 'done'; duplicate: boolean }> {
    return this.receive('provisioning.lift', req, body, signature, key);
  }

  @Post('escalate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Demo: the fake carrier provisioning endpoint — apply an escalation step (HMAC-checked, idempotent by key)',
  })
  @ApiOkResponse({ description: '{ status: "done", duplicate: boolean }' })
  @ApiUnauthorizedResponse({ description: 'SIGNATURE_INVALID' })
  @ApiBadRequestResponse({ description: 'IDEMPOTENCY_KEY_MISSING' })
  escalate(
    @Req() req: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
    @Headers('x-shiming-signature') signature: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<{ status: 'done'; duplicate: boolean }> {
    return this.receive('provisioning.escalate', req, body, signature, key);
  }

  private async receive(
    channel: 'provisioning.lift' | 'provisioning.escalate',
    req: RawBodyRequest<Request>,
    body: Record<string, unknown>,
    signature: string | undefined,
    key: string | undefined,
  ): Promise<{ status: 'done'; duplicate: boolean }> {
    const tenantCode = typeof body['tenant'] === 'string' ? body['tenant'] : '';
    const target = await this.targetOf(tenantCode);
    if (!target || !req.rawBody || !verifyBodySignature(target.secret, req.rawBody, signature))
      throw new ProvisioningError('SIGNATURE_INVALID', '签名无效');
    if (!key) throw new ProvisioningError('IDEMPOTENCY_KEY_MISSING', '缺少 Idempotency-Key');
    const { first } = await this.repo.recordDemoCall(channel, tenantCode, key, body);
    return { status: 'done', duplicate: !first };
  }

  private async targetOf(code: string): Promise<{ secret: string } | null> {
    if (!code) return null;
    try {
      return await this.tenants.provisioningTarget((await this.tenants.getByCode(code)).id);
    } catch (err) {
      if (err instanceof TenantError) return null;
      throw err;
    }
  }

  @Get('calls')
  @ApiOperation({
    summary:
      'Demo: every call the fake provisioning endpoint received (lifts and escalations), oldest first',
  })
  async calls(): Promise<
    Array<{
      id: number;
      action: 'lift' | 'escalate';
      tenant: string;
      idempotencyKey: string;
      body: Record<string, unknown>;
      at: string;
    }>
  > {
    const rows = await this.repo.demoCalls();
    return rows.map((r) => ({
      id: Number(r.id),
      action: r.channel === 'provisioning.escalate' ? 'escalate' : 'lift',
      tenant: r.tenant_code,
      idempotencyKey: r.recipient,
      body: r.body,
      at: new Date(r.at).toISOString(),
    }));
  }
}
