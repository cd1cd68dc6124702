import { randomBytes, randomUUID } from 'node:crypto';
import { Carrier, DEFAULT_POLICY, TenantPolicy } from '@shiming/domain';
import type { DataSource } from 'typeorm';

export interface SeededTenant {
  id: string;
  code: string;
  carrier: Carrier;
  displayName: string;
  hotline: string;
  policy: TenantPolicy;
  consentVersion: string;
}

export interface TenantOverrides {
  code?: string;
  carrier?: Carrier;
  displayName?: string;
  officialAccountName?: string;
  hotline?: string;
  region?: string;
  regionCode?: string;
  /** Merged over DEFAULT_POLICY. */
  policy?: Partial<TenantPolicy>;
  consentVersion?: string;
  consentText?: string;
  provisioningUrl?: string | null;
}

const HOTLINES: Record<Carrier, string> = { mobile: '10086', unicom: '10010', telecom: '10000' };
const NAMES: Record<Carrier, string> = {
  mobile: '测试移动',
  unicom: '测试联通',
  telecom: '测试电信',
};

/**
 * A tenant row straight into the database (no service, no audit): a random code unless given,
 * DEFAULT_POLICY merged with `policy`. The provisioning secret is left empty: tests that lift
 * through the provisioning worker set it with TenantsService or their own query.
 */
export async function seedTenant(
  ds: DataSource,
  overrides: TenantOverrides = {},
): Promise<SeededTenant> {
  const carrier = overrides.carrier ?? 'mobile';
  const t: SeededTenant = {
    id: randomUUID(),
    code: overrides.code ?? `t-${randomBytes(4).toString('hex')}`,
    carrier,
    displayName: overrides.displayName ?? NAMES[carrier],
    hotline: overrides.hotline ?? HOTLINES[carrier],
    policy: { ...DEFAULT_POLICY, ...overrides.policy },
    consentVersion: overrides.consentVersion ?? 'v1',
  };
  await ds.query(
    `INSERT INTO tenant (id, code, carrier, region, region_code, display_name, official_account_name, hotline, policy,
                         consent_version, consent_text, provisioning_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      t.id,
      t.code,
      carrier,
      overrides.region ?? '黔西南布依族苗族自治州',
      overrides.regionCode ?? '522300',
      t.displayName,
      overrides.officialAccountName ?? t.displayName,
      t.hotline,
      JSON.stringify(t.policy),
      t.consentVersion,
      overrides.consentText ?? '测试用同意书：我们仅为实名登记处理您的身份证照片。',
      overrides.provisioningUrl ?? null,
    ],
  );
  return t;
}
