import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  Carrier,
  CapturePolicy,
  DEFAULT_CAPTURE_POLICY,
  TenantPolicy,
  validateCapturePolicy,
  validatePolicy,
} from '@shiming/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { TenantError } from './tenants.errors';
import { TenantBrandingFields, TenantRow, TenantsRepository } from './tenants.repository';

/** A tenant as other modules see it: the policy already checked by the domain. */
export interface Tenant {
  id: string;
  code: string;
  carrier: Carrier;
  region: string;
  regionCode: string;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
  policy: TenantPolicy;
  /** Photo quality and duplicate rules (issue 8), checked by the domain. */
  capturePolicy: CapturePolicy;
  consent: { version: string; title: string; text: string };
  provisioningUrl: string | null;
}

/** docs/API.md: GET/PUT /api/console/admin/policy — the policy with the capture rules under `capture`. */
export type AdminPolicy = TenantPolicy & { capture: CapturePolicy };

export interface TenantSummary {
  code: string;
  displayName: string;
  carrier: Carrier;
  region: string;
}

/** docs/API.md Branding. */
export interface Branding {
  code: string;
  carrier: Carrier;
  region: string;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
  policy: TenantPolicy;
  consent: { version: string; title: string; text: string };
}

export type BrandingInput = Omit<Branding, 'code' | 'carrier' | 'policy'>;

export interface NewTenant {
  code: string;
  carrier: Carrier;
  region: string;
  regionCode: string;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  logoUrl?: string | null;
  primaryColor?: string;
  accentColor?: string;
  policy: TenantPolicy;
  /** Defaults to DEFAULT_CAPTURE_POLICY. */
  capturePolicy?: CapturePolicy;
  consent: { version: string; title: string; text: string };
  provisioning?: { url: string; secret: string } | null;
}

const provisioningAad = (tenantId: string): string => `tenant:${tenantId}:provisioning_secret`;

@Injectable()
export class TenantsService {
  private readonly logger = new Logger(TenantsService.name);

  constructor(
    private readonly repo: TenantsRepository,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async list(): Promise<TenantSummary[]> {
    const rows = await this.repo.list();
    return rows.map((t) => ({
      code: t.code,
      displayName: t.displayName,
      carrier: t.carrier,
      region: t.region,
    }));
  }

  async count(): Promise<number> {
    return this.repo.count();
  }

  /** 404 TENANT_NOT_FOUND when no tenant has the code. */
  async getByCode(code: string): Promise<Tenant> {
    const row = await this.repo.findByCode(code);
    if (!row)
      throw new TenantError('TENANT_NOT_FOUND', '找不到这个运营商，请从运营商的官方公众号进入');
    return this.toTenant(row);
  }

  /** 404 TENANT_NOT_FOUND when the id is unknown. */
  async getById(id: string): Promise<Tenant> {
    const row = await this.repo.findById(id);
    if (!row) throw new TenantError('TENANT_NOT_FOUND', '找不到这个运营商');
    return this.toTenant(row);
  }

  /** The tenant's policy, checked by the domain (a stored policy it refuses is a 500, logged). */
  async policyOf(tenantId: string): Promise<TenantPolicy> {
    return (await this.getById(tenantId)).policy;
  }

  async brandingByCode(code: string): Promise<Branding> {
    return toBranding(await this.getByCode(code));
  }

  async brandingById(tenantId: string): Promise<Branding> {
    return toBranding(await this.getById(tenantId));
  }

  /** Where and with which secret the provisioning adapter signs lifts; null when not configured. */
  async provisioningTarget(tenantId: string): Promise<{ url: string; secret: string } | null> {
    const row = await this.repo.findById(tenantId);
    if (!row) throw new TenantError('TENANT_NOT_FOUND', '找不到这个运营商');
    if (!row.provisioningUrl || !row.provisioningSecretEnc) return null;
    const secret = this.crypto.decryptText(
      row.id,
      row.provisioningSecretEnc,
      provisioningAad(row.id),
    );
    return { url: row.provisioningUrl, secret };
  }

  /** Creates a tenant (demo seed, tests, future CLI); the provisioning secret is stored encrypted. */
  async create(input: NewTenant): Promise<Tenant> {
    const policy = validatePolicy(input.policy);
    if (!policy.ok) throw new TenantError('INVALID_POLICY', policy.message);
    const capture = validateCapturePolicy(input.capturePolicy ?? DEFAULT_CAPTURE_POLICY);
    if (!capture.ok) throw new TenantError('INVALID_CAPTURE_POLICY', capture.message);
    const id = randomUUID();
    await this.repo.insert({
      id,
      code: input.code,
      carrier: input.carrier,
      region: input.region,
      regionCode: input.regionCode,
      displayName: input.displayName,
      officialAccountName: input.officialAccountName,
      hotline: input.hotline,
      logoUrl: input.logoUrl ?? null,
      primaryColor: input.primaryColor ?? '#1677ff',
      accentColor: input.accentColor ?? '#ff7a00',
      policy: policy.value,
      capturePolicy: capture.value,
      consentVersion: input.consent.version,
      consentTitle: input.consent.title,
      consentText: input.consent.text,
      provisioningUrl: input.provisioning?.url ?? null,
      provisioningSecretEnc: input.provisioning
        ? this.crypto.encryptText(id, input.provisioning.secret, provisioningAad(id))
        : null,
    });
    return this.getById(id);
  }

  /** A carrier admin replaces the branding; audited with before and after. */
  async updateBranding(actor: AgentPrincipal, input: BrandingInput): Promise<Branding> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lockById(m, actor.tenantId);
      if (!row) throw new TenantError('TENANT_NOT_FOUND', '找不到这个运营商');
      const before = brandingFields(row);
      const after: TenantBrandingFields = {
        region: input.region,
        displayName: input.displayName,
        officialAccountName: input.officialAccountName,
        hotline: input.hotline,
        logoUrl: input.logoUrl,
        primaryColor: input.primaryColor,
        accentColor: input.accentColor,
        consentVersion: input.consent.version,
        consentTitle: input.consent.title,
        consentText: input.consent.text,
      };
      // Consent is recorded by version: a changed text under the same version would make old
      // consents point at words the subscriber never read.
      if (
        after.consentVersion === before.consentVersion &&
        (after.consentText !== before.consentText || after.consentTitle !== before.consentTitle)
      ) {
        throw new TenantError(
          'CONSENT_VERSION_UNCHANGED',
          '同意书内容已修改，请同时更新同意书版本号',
        );
      }
      await this.repo.updateBranding(m, row.id, after);
      await this.audit.append(m, {
        tenantId: row.id,
        actorType: 'agent',
        actorId: actor.agentId,
        action: 'tenant.branding.update',
        targetType: 'tenant',
        targetId: row.id,
        detail: { before: summariseBranding(before), after: summariseBranding(after) },
      });
    });
    return this.brandingById(actor.tenantId);
  }

  /** The policy with the capture rules, as the admin's policy page shows them. */
  async adminPolicyOf(tenantId: string): Promise<AdminPolicy> {
    const t = await this.getById(tenantId);
    return { ...t.policy, capture: t.capturePolicy };
  }

  /**
   * A carrier admin replaces the policy, checked by the domain; audited with before and after.
   * `capture` (optional; absent leaves the capture rules as they are) is checked by
   * validateCapturePolicy: every field, no unknown one.
   */
  async updatePolicy(actor: AgentPrincipal, input: unknown): Promise<AdminPolicy> {
    let rest: unknown = input;
    let captureInput: unknown;
    if (
      typeof input === 'object' &&
      input !== null &&
      !Array.isArray(input) &&
      'capture' in input
    ) {
      const { capture, ...others } = input as Record<string, unknown>;
      captureInput = capture;
      rest = others;
    }
    const checked = validatePolicy(rest);
    if (!checked.ok) throw new TenantError('INVALID_POLICY', checked.message);
    const policy: TenantPolicy = { ...checked.value };
    let capture: CapturePolicy | undefined;
    if (captureInput !== undefined) {
      const c = validateCapturePolicy(captureInput);
      if (!c.ok) throw new TenantError('INVALID_CAPTURE_POLICY', c.message);
      capture = c.value;
    }
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lockById(m, actor.tenantId);
      if (!row) throw new TenantError('TENANT_NOT_FOUND', '找不到这个运营商');
      await this.repo.updatePolicy(m, row.id, policy, capture);
      await this.audit.append(m, {
        tenantId: row.id,
        actorType: 'agent',
        actorId: actor.agentId,
        action: 'tenant.policy.update',
        targetType: 'tenant',
        targetId: row.id,
        detail: {
          before: row.policy,
          after: policy,
          ...(capture ? { captureBefore: row.capturePolicy, captureAfter: capture } : {}),
        },
      });
    });
    return this.adminPolicyOf(actor.tenantId);
  }

  /**
   * A capture policy as stored, checked by the domain (a stored one it refuses is a 500
   * STORED_POLICY_INVALID, logged), for readers that fetched the column themselves.
   */
  checkStoredCapturePolicy(tenantCode: string, stored: unknown): CapturePolicy {
    const capture = validateCapturePolicy(stored);
    if (!capture.ok) {
      this.logger.error(
        `tenant ${tenantCode} has a stored capture policy the domain refuses: ${capture.message}`,
      );
      throw new TenantError('STORED_POLICY_INVALID', '运营商配置有误，请稍后再试或联系客服');
    }
    return capture.value;
  }

  /**
   * A policy as stored in a tenant row, checked by the domain; for readers that fetched the row's
   * policy themselves (e.g. joined to another table). A stored policy the domain refuses is a
   * 500 STORED_POLICY_INVALID, logged.
   */
  checkStoredPolicy(tenantCode: string, stored: unknown): TenantPolicy {
    const policy = validatePolicy(stored);
    if (!policy.ok) {
      this.logger.error(
        `tenant ${tenantCode} has a stored policy the domain refuses: ${policy.message}`,
      );
      throw new TenantError('STORED_POLICY_INVALID', '运营商配置有误，请稍后再试或联系客服');
    }
    return policy.value;
  }

  private toTenant(row: TenantRow): Tenant {
    const policy = this.checkStoredPolicy(row.code, row.policy);
    return {
      id: row.id,
      code: row.code,
      carrier: row.carrier,
      region: row.region,
      regionCode: row.regionCode,
      displayName: row.displayName,
      officialAccountName: row.officialAccountName,
      hotline: row.hotline,
      logoUrl: row.logoUrl,
      primaryColor: row.primaryColor,
      accentColor: row.accentColor,
      policy,
      capturePolicy: this.checkStoredCapturePolicy(row.code, row.capturePolicy),
      consent: { version: row.consentVersion, title: row.consentTitle, text: row.consentText },
      provisioningUrl: row.provisioningUrl,
    };
  }
}

export function toBranding(t: Tenant): Branding {
  return {
    code: t.code,
    carrier: t.carrier,
    region: t.region,
    displayName: t.displayName,
    officialAccountName: t.officialAccountName,
    hotline: t.hotline,
    logoUrl: t.logoUrl,
    primaryColor: t.primaryColor,
    accentColor: t.accentColor,
    policy: t.policy,
    consent: t.consent,
  };
}

function brandingFields(row: TenantRow): TenantBrandingFields {
  return {
    region: row.region,
    displayName: row.displayName,
    officialAccountName: row.officialAccountName,
    hotline: row.hotline,
    logoUrl: row.logoUrl,
    primaryColor: row.primaryColor,
    accentColor: row.accentColor,
    consentVersion: row.consentVersion,
    consentTitle: row.consentTitle,
    consentText: row.consentText,
  };
}

/** The consent text can be long: the audit keeps its version and length, not the whole text. */
function summariseBranding(b: TenantBrandingFields): Record<string, unknown> {
  const { consentText, ...rest } = b;
  return { ...rest, consentTextLength: consentText.length };
}
