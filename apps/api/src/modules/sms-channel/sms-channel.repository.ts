import { Injectable } from '@nestjs/common';
import type { ServiceState } from '@shiming/domain';
import { DataSource } from 'typeorm';

@Injectable()
export class SmsChannelRepository {
  constructor(private readonly dataSource: DataSource) {}

  async numberByPhone(
    tenantId: string,
    phone: string,
  ): Promise<{ id: string; state: ServiceState; registered: boolean } | undefined> {
    const rows = await this.dataSource.query<
      Array<{ id: string; state: ServiceState; registered: boolean }>
    >(`SELECT id, state, registered FROM phone_number WHERE tenant_id = $1 AND phone = $2`, [
      tenantId,
      phone,
    ]);
    return rows[0];
  }

  /** The case came in by SMS (the cases module creates it with its default source). */
  async markSource(tenantId: string, caseId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE registration_case SET source = 'sms' WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId],
    );
  }
}
