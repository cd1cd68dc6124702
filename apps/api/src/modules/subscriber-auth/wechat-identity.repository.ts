import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A WeChat user (openid) of one tenant's mini-program, and the number they proved. */
@Injectable()
export class WeChatIdentityRepository {
  async upsert(
    m: EntityManager,
    tenantId: string,
    openid: string,
    unionid: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO wechat_identity (tenant_id, openid, unionid) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, openid) DO UPDATE SET unionid = COALESCE(EXCLUDED.unionid, wechat_identity.unionid), updated_at = now()`,
      [tenantId, openid, unionid ?? null],
    );
  }

  async bindPhone(
    m: EntityManager,
    tenantId: string,
    openid: string,
    phone: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO wechat_identity (tenant_id, openid, phone) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, openid) DO UPDATE SET phone = EXCLUDED.phone, updated_at = now()`,
      [tenantId, openid, phone],
    );
  }
}
