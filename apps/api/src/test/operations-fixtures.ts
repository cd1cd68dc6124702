import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type Carrier, type TenantPolicy } from '@shiming/domain';
import type { DataSource } from 'typeorm';

/** Small factories for the carrier-operations tests (plain SQL: they need only rows). */
export interface TenantFixture {
  id: string;
  code: string;
  carrier: Carrier;
}

const HOTLINE: Record<Carrier, string> = { mobile: '10086', unicom: '10010', telecom: '10000' };

export async function insertTenant(
  ds: DataSource,
  over: {
    code?: string;
    carrier?: Carrier;
    policy?: Partial<TenantPolicy>;
    regionCode?: string;
  } = {},
): Promise<TenantFixture> {
  const id = randomUUID();
  const carrier = over.carrier ?? 'unicom';
  const code = over.code ?? `t-${id.slice(0, 8)}`;
  await ds.query(
    `INSERT INTO tenant (id, code, carrier, region, region_code, display_name, official_account_name, hotline, policy, consent_version, consent_text)
     VALUES ($1, $2, $3, '黔西南布依族苗族自治州', $4, $5, $5, $6, $7, 'v1', '同意')`,
    [
      id,
      code,
      carrier,
      over.regionCode ?? '522300',
      `黔西南${code}`,
      HOTLINE[carrier],
      JSON.stringify({ ...DEFAULT_POLICY, ...over.policy }),
    ],
  );
  return { id, code, carrier };
}

export interface NumberFixture {
  phone: string;
  state: 'active' | 'single_stop' | 'double_stop' | 'cancelled' | 'lift_pending';
  registered?: boolean;
  doubleStoppedOn?: string | null;
  singleStoppedOn?: string | null;
  regionCode?: string | null;
  lineType?: 'mobile' | 'fixed';
}

export async function insertNumber(
  ds: DataSource,
  tenantId: string,
  n: NumberFixture,
): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered, region_code, single_stopped_on, double_stopped_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tenantId,
      id,
      n.phone,
      n.lineType ?? 'mobile',
      n.state,
      n.registered ? null : 'temporary_account',
      n.registered ?? false,
      n.regionCode ?? '522301',
      n.singleStoppedOn ?? (n.state === 'single_stop' ? '2016-10-01' : null),
      n.doubleStoppedOn ?? null,
    ],
  );
  await ds.query(
    `INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor, at) VALUES ($1, $2, $3, NULL, $4, 'fixture', 'test', '2016-10-01T00:00:00Z')`,
    [tenantId, randomUUID(), id, n.state],
  );
  return id;
}

export async function insertCase(
  ds: DataSource,
  tenantId: string,
  numberId: string,
  state:
    | 'draft'
    | 'submitted'
    | 'in_review'
    | 'needs_resubmission'
    | 'approved'
    | 'rejected'
    | 'withdrawn',
  over: { decidedAt?: string; nameEnc?: Buffer; idNumberEnc?: Buffer; idHash?: Buffer } = {},
): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state, decided_at, name_enc, id_number_enc, id_hash)
     VALUES ($1, $2, $3, 'self', $4, $5, $6, $7, $8)`,
    [
      tenantId,
      id,
      numberId,
      state,
      over.decidedAt ?? null,
      over.nameEnc ?? null,
      over.idNumberEnc ?? null,
      over.idHash ?? null,
    ],
  );
  return id;
}
