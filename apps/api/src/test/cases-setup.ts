import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type Carrier, type TenantPolicy } from '@shiming/domain';
import type { DataSource } from 'typeorm';
import { TokenService } from '../common/auth/token.service';
import type { TestApp } from './test-app';

/**
 * Test setup for the cases and documents suites, written against the SQL schema (the shared
 * factories in src/test/factories replace these once every suite uses them).
 */
export interface SeededTenant {
  id: string;
  code: string;
  carrier: Carrier;
  consentVersion: string;
}

let counter = 0;
const unique = (): string => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function seedTenantSql(
  ds: DataSource,
  o: {
    carrier?: Carrier;
    policy?: Partial<TenantPolicy>;
    consentVersion?: string;
    code?: string;
  } = {},
): Promise<SeededTenant> {
  const id = randomUUID();
  const code = o.code ?? `t-${unique()}`;
  const carrier = o.carrier ?? 'mobile';
  const consentVersion = o.consentVersion ?? '2016-10-v1';
  await ds.query(
    `INSERT INTO tenant (id, code, carrier, region, region_code, display_name, official_account_name, hotline, policy, consent_version, consent_text)
     VALUES ($1, $2, $3, '黔西南布依族苗族自治州', '522300', $4, $4, $5, $6, $7, '我同意……')`,
    [
      id,
      code,
      carrier,
      `黔西南${carrier === 'mobile' ? '移动' : carrier === 'unicom' ? '联通' : '电信'}`,
      carrier === 'mobile' ? '10086' : carrier === 'unicom' ? '10010' : '10000',
      { ...DEFAULT_POLICY, ...o.policy },
      consentVersion,
    ],
  );
  return { id, code, carrier, consentVersion };
}

let phoneSeq = 0;
export async function seedNumberSql(
  ds: DataSource,
  tenantId: string,
  o: { state?: string; phone?: string; registered?: boolean } = {},
): Promise<{ id: string; phone: string }> {
  const id = randomUUID();
  const phone =
    o.phone ??
    `138${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}${String(phoneSeq++ % 10000).padStart(4, '0')}`;
  await ds.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered) VALUES ($1, $2, $3, 'mobile', $4, 'temporary_account', $5)`,
    [tenantId, id, phone, o.state ?? 'single_stop', o.registered ?? false],
  );
  return { id, phone };
}

/** A subscriber session bound to the tenant and the proven number, as /api/auth/sms/verify issues it. */
export function subscriberToken(
  t: TestApp,
  tenant: SeededTenant,
  number: { id: string; phone: string },
): string {
  return t.app.get(TokenService).sign(
    {
      typ: 'sub',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      phone: number.phone,
      numberId: number.id,
    },
    3600,
  ).token;
}

/** A draft case straight in the table (for suites that test what comes after creation). */
export async function seedCaseSql(
  ds: DataSource,
  tenantId: string,
  numberId: string,
  o: { applicantType?: 'self' | 'proxy' | 'enterprise'; state?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state) VALUES ($1, $2, $3, $4, $5)`,
    [tenantId, id, numberId, o.applicantType ?? 'self', o.state ?? 'draft'],
  );
  return id;
}
