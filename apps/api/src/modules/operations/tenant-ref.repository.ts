import { Injectable } from '@nestjs/common';
import { Carrier, TenantPolicy, validatePolicy } from '@shiming/domain';
import { DataSource } from 'typeorm';

/** What carrier operations need to know about a tenant. */
export interface TenantRef {
  id: string;
  code: string;
  carrier: Carrier;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  regionCode: string;
  policy: TenantPolicy;
}

interface Row {
  id: string;
  code: string;
  carrier: Carrier;
  display_name: string;
  official_account_name: string;
  hotline: string;
  region_code: string;
  policy: unknown;
}

const COLUMNS =
  'id, code, carrier, display_name, official_account_name, hotline, region_code, policy';

/**
 * Tenant lookups for the operations modules (imports, escalation, SMS channel, notices,
 * reports, retention). Read-only; the policy is checked by the domain, a stored policy it
 * refuses is an error (never a silent default).
 */
@Injectable()
export class TenantRefRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByCode(code: string): Promise<TenantRef | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM tenant WHERE code = $1`,
      [code],
    );
    return rows[0] && toRef(rows[0]);
  }

  async findById(id: string): Promise<TenantRef | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM tenant WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toRef(rows[0]);
  }

  async list(): Promise<TenantRef[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM tenant ORDER BY code`);
    return rows.map(toRef);
  }
}

function toRef(r: Row): TenantRef {
  const policy = validatePolicy(r.policy);
  if (!policy.ok)
    throw new Error(`tenant ${r.code} has an invalid stored policy: ${policy.message}`);
  return {
    id: r.id,
    code: r.code,
    carrier: r.carrier,
    displayName: r.display_name,
    officialAccountName: r.official_account_name,
    hotline: r.hotline,
    regionCode: r.region_code,
    policy: policy.value,
  };
}
