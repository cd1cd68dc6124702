import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface OfficialAccountRow {
  tenantId: string;
  appId: string;
  originalId: string | null;
  appSecretEnc: Buffer;
  tokenEnc: Buffer;
  encodingAesKeyEnc: Buffer | null;
  miniprogramAppId: string | null;
  campaignTemplateId: string | null;
  updatedAt: Date;
}

interface Row {
  tenant_id: string;
  app_id: string;
  original_id: string | null;
  app_secret_enc: Buffer;
  token_enc: Buffer;
  encoding_aes_key_enc: Buffer | null;
  miniprogram_app_id: string | null;
  campaign_template_id: string | null;
  updated_at: Date;
}

const COLUMNS =
  'tenant_id, app_id, original_id, app_secret_enc, token_enc, encoding_aes_key_enc, miniprogram_app_id, campaign_template_id, updated_at';

const toRow = (r: Row): OfficialAccountRow => ({
  tenantId: r.tenant_id,
  appId: r.app_id,
  originalId: r.original_id,
  appSecretEnc: r.app_secret_enc,
  tokenEnc: r.token_enc,
  encodingAesKeyEnc: r.encoding_aes_key_enc,
  miniprogramAppId: r.miniprogram_app_id,
  campaignTemplateId: r.campaign_template_id,
  updatedAt: r.updated_at,
});

/** official_account, official_account_user and the message server's nonces. */
@Injectable()
export class OfficialAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async find(tenantId: string): Promise<OfficialAccountRow | undefined> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM official_account WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0] && toRow(rows[0]);
  }

  /** By app id (the WeChat emulator knows the apps it serves this way). */
  async findByAppId(appId: string): Promise<OfficialAccountRow | undefined> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM official_account WHERE app_id = $1`,
      [appId],
    );
    return rows[0] && toRow(rows[0]);
  }

  async upsert(m: EntityManager, r: Omit<OfficialAccountRow, 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO official_account (tenant_id, app_id, original_id, app_secret_enc, token_enc, encoding_aes_key_enc,
                                     miniprogram_app_id, campaign_template_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id) DO UPDATE SET
         app_id = EXCLUDED.app_id, original_id = EXCLUDED.original_id, app_secret_enc = EXCLUDED.app_secret_enc,
         token_enc = EXCLUDED.token_enc, encoding_aes_key_enc = EXCLUDED.encoding_aes_key_enc,
         miniprogram_app_id = EXCLUDED.miniprogram_app_id, campaign_template_id = EXCLUDED.campaign_template_id,
         updated_at = now()`,
      [
        r.tenantId,
        r.appId,
        r.originalId,
        r.appSecretEnc,
        r.tokenEnc,
        r.encodingAesKeyEnc,
        r.miniprogramAppId,
        r.campaignTemplateId,
      ],
    );
  }

  /**
   * Remembers an accepted (timestamp, nonce); false when it was already seen (a replay). Rows
   * older than the window are pruned now and then by whoever passes.
   */
  async rememberNonce(
    tenantId: string,
    timestamp: number,
    nonce: string,
    windowSeconds: number,
  ): Promise<boolean> {
    if (Math.random() < 0.01)
      await this.dataSource.query(
        `DELETE FROM wechat_callback_nonce WHERE seen_at < now() - make_interval(secs => $1)`,
        [windowSeconds * 2],
      );
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO wechat_callback_nonce (tenant_id, ts, nonce) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING nonce`,
      [tenantId, timestamp, nonce],
    );
    return rows.length === 1;
  }

  /** A follow (true) or unfollow (false) event for an openid of the official account. */
  async recordFollow(tenantId: string, openid: string, following: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO official_account_user (tenant_id, openid, following, followed_at, unfollowed_at)
       VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END, CASE WHEN NOT $3 THEN now() END)
       ON CONFLICT (tenant_id, openid) DO UPDATE SET
         following = EXCLUDED.following,
         followed_at = COALESCE(EXCLUDED.followed_at, official_account_user.followed_at),
         unfollowed_at = COALESCE(EXCLUDED.unfollowed_at, official_account_user.unfollowed_at)`,
      [tenantId, openid, following],
    );
  }

  /**
   * Web authorisation gave us this openid: known as an official-account user (follow state left
   * as it is) and as a WeChat identity of the tenant, so proving a number binds it.
   */
  async recordWebUser(
    m: EntityManager,
    tenantId: string,
    openid: string,
    unionid: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO official_account_user (tenant_id, openid) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [tenantId, openid],
    );
    await m.query(
      `INSERT INTO wechat_identity (tenant_id, openid, unionid) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, openid) DO UPDATE SET unionid = COALESCE(EXCLUDED.unionid, wechat_identity.unionid), updated_at = now()`,
      [tenantId, openid, unionid ?? null],
    );
  }
}
