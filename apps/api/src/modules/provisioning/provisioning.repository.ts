import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface LiftTarget {
  tenantCode: string;
  phone: string;
  numberId: string;
  numberState: string;
}

export interface NotifyTarget {
  tenantCode: string;
  openid: string | null;
  caseState: string;
  phone: string;
  hotline: string;
  resubmission: unknown;
  rejection: unknown;
  decidedAt: Date | null;
}

/** What the provisioning and notification handlers read and write. */
@Injectable()
export class ProvisioningRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async liftTarget(tenantId: string, caseId: string): Promise<LiftTarget | undefined> {
    const rows: Array<{ code: string; phone: string; number_id: string; state: string }> =
      await this.dataSource.query(
        `SELECT t.code, n.phone, n.id AS number_id, n.state
         FROM registration_case c
         JOIN tenant t ON t.id = c.tenant_id
         JOIN phone_number n ON n.tenant_id = c.tenant_id AND n.id = c.number_id
        WHERE c.tenant_id = $1 AND c.id = $2`,
        [tenantId, caseId],
      );
    const r = rows[0];
    return r
      ? {
          tenantCode: r.code,
          phone: r.phone,
          numberId: r.number_id,
          numberState: r.state,
        }
      : undefined;
  }

  /**
   * Phones and current states of the tenant's numbers by id (an escalation batch), with the
   * tenant's code.
   */
  async numberTargets(
    tenantId: string,
    numberIds: string[],
  ): Promise<
    { tenantCode: string; phones: Map<string, string>; states: Map<string, string> } | undefined
  > {
    const rows: Array<{ id: string; phone: string; state: string; code: string }> =
      await this.dataSource.query(
        `SELECT n.id, n.phone, n.state, t.code FROM phone_number n JOIN tenant t ON t.id = n.tenant_id
          WHERE n.tenant_id = $1 AND n.id = ANY($2::uuid[])`,
        [tenantId, numberIds],
      );
    const first = rows[0];
    if (!first) return undefined;
    return {
      tenantCode: first.code,
      phones: new Map(rows.map((r) => [r.id, r.phone])),
      states: new Map(rows.map((r) => [r.id, r.state])),
    };
  }

  async numberTarget(
    tenantId: string,
    numberId: string,
  ): Promise<{ phone: string; tenantCode: string } | undefined> {
    const rows: Array<{ phone: string; code: string }> = await this.dataSource.query(
      `SELECT n.phone, t.code FROM phone_number n JOIN tenant t ON t.id = n.tenant_id WHERE n.tenant_id = $1 AND n.id = $2`,
      [tenantId, numberId],
    );
    const r = rows[0];
    return r ? { phone: r.phone, tenantCode: r.code } : undefined;
  }

  async notifyTarget(tenantId: string, caseId: string): Promise<NotifyTarget | undefined> {
    const rows: Array<{
      code: string;
      hotline: string;
      openid: string | null;
      state: string;
      phone: string;
      resubmission: unknown;
      rejection: unknown;
      decided_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT t.code, t.hotline, c.openid, c.state, n.phone, c.resubmission, c.rejection, c.decided_at
         FROM registration_case c
         JOIN tenant t ON t.id = c.tenant_id
         JOIN phone_number n ON n.tenant_id = c.tenant_id AND n.id = c.number_id
        WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, caseId],
    );
    const r = rows[0];
    return r
      ? {
          tenantCode: r.code,
          hotline: r.hotline,
          openid: r.openid,
          caseState: r.state,
          phone: r.phone,
          resubmission: r.resubmission,
          rejection: r.rejection,
          decidedAt: r.decided_at,
        }
      : undefined;
  }

  /** Records a call the fake provisioning endpoint received; answers whether its key was new. */
  async recordDemoCall(
    channel: 'provisioning.lift' | 'provisioning.escalate',
    tenantCode: string,
    idempotencyKey: string,
    body: Record<string, unknown>,
  ): Promise<{ first: boolean }> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('demo-lift:' || $1, 0))`, [
        idempotencyKey,
      ]);
      const seen: Array<{ n: string }> = await m.query(
        `SELECT count(*) AS n FROM demo_inbox WHERE channel = $2 AND recipient = $1`,
        [idempotencyKey, channel],
      );
      const first = Number(seen[0]?.n ?? 0) === 0;
      await m.query(
        `INSERT INTO demo_inbox (channel, tenant_code, recipient, body) VALUES ($4, $1, $2, $3)`,
        [tenantCode, idempotencyKey, { ...body, duplicate: !first }, channel],
      );
      return { first };
    });
  }

  async demoCalls(): Promise<
    Array<{
      id: string;
      channel: string;
      tenant_code: string;
      recipient: string;
      body: Record<string, unknown>;
      at: Date;
    }>
  > {
    return this.dataSource.query(
      `SELECT id, channel, tenant_code, recipient, body, at FROM demo_inbox WHERE channel IN ('provisioning.lift', 'provisioning.escalate') ORDER BY id`,
    );
  }
}
