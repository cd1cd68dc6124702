import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The official account (公众号) and reminder campaigns:
 * - official_account: one per tenant. Its app id is public; the app secret, the message-server
 *   token and the EncodingAESKey are AES-256-GCM ciphertext under the tenant's key (associated
 *   data binds each to its tenant and field). The mini-program linked to it may differ per tenant.
 * - official_account_user: openids of the official account (not of the mini-program: WeChat
 *   gives each app its own openid). Created by web authorisation (H5 inside WeChat) or by a
 *   follow event; `following` is null until a follow/unfollow event says. The number such a user
 *   proves is bound in wechat_identity, as for the mini-program.
 * - wechat_callback_nonce: (timestamp, nonce) pairs of accepted message-server calls, kept for
 *   the replay window, so a captured request sent again is refused on any replica.
 * - campaign / campaign_item: one item per (campaign, number), unique, claimed with SKIP LOCKED.
 *   An item is 'sending' only while a send is in flight; a runner that dies leaves it so, and
 *   the next runner records it 'unknown' instead of sending again.
 * - notice_channel gains 'wechat' (template messages are notices with a verification code too).
 */
export class OfficialAccountCampaigns1764900000000 implements MigrationInterface {
  name = 'OfficialAccountCampaigns1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE official_account (
        tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
        app_id text NOT NULL UNIQUE,
        original_id text,
        app_secret_enc bytea NOT NULL,
        token_enc bytea NOT NULL,
        encoding_aes_key_enc bytea,
        miniprogram_app_id text,
        campaign_template_id text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE official_account_user (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        openid text NOT NULL,
        following boolean,
        followed_at timestamptz,
        unfollowed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, openid)
      )`);
    await q.query(`
      CREATE TABLE wechat_callback_nonce (
        tenant_id uuid NOT NULL,
        ts bigint NOT NULL,
        nonce text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, ts, nonce)
      )`);
    await q.query(`CREATE INDEX wechat_callback_nonce_seen_idx ON wechat_callback_nonce (seen_at)`);

    await q.query(
      `CREATE TYPE campaign_status AS ENUM ('ready', 'running', 'paused', 'done', 'cancelled')`,
    );
    await q.query(`
      CREATE TABLE campaign (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        name text NOT NULL,
        filter jsonb NOT NULL,
        status campaign_status NOT NULL DEFAULT 'ready',
        rate_per_second integer NOT NULL CHECK (rate_per_second > 0),
        total integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        runner_id uuid,
        runner_seen_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX campaign_running_idx ON campaign (status) WHERE status = 'running'`,
    );
    await q.query(
      `CREATE TYPE campaign_item_status AS ENUM ('pending', 'sending', 'sent', 'failed', 'skipped', 'unknown')`,
    );
    await q.query(`
      CREATE TABLE campaign_item (
        tenant_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        seq integer NOT NULL,
        number_id uuid NOT NULL,
        phone text NOT NULL,
        line_type line_type NOT NULL,
        state service_state NOT NULL,
        status campaign_item_status NOT NULL DEFAULT 'pending',
        channel text CHECK (channel IN ('wechat', 'sms')),
        openid text,
        code text,
        reason text,
        runner_id uuid,
        attempts integer NOT NULL DEFAULT 0,
        done_at timestamptz,
        PRIMARY KEY (tenant_id, campaign_id, seq),
        UNIQUE (tenant_id, campaign_id, number_id),
        FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaign(tenant_id, id),
        FOREIGN KEY (tenant_id, number_id) REFERENCES phone_number(tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX campaign_item_pending_idx ON campaign_item (tenant_id, campaign_id, seq) WHERE status = 'pending'`,
    );
    await q.query(`ALTER TYPE notice_channel ADD VALUE IF NOT EXISTS 'wechat'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // notice_channel keeps 'wechat': PostgreSQL cannot drop an enum value.
    await q.query(`DROP TABLE IF EXISTS campaign_item`);
    await q.query(`DROP TYPE IF EXISTS campaign_item_status`);
    await q.query(`DROP TABLE IF EXISTS campaign`);
    await q.query(`DROP TYPE IF EXISTS campaign_status`);
    await q.query(`DROP TABLE IF EXISTS wechat_callback_nonce`);
    await q.query(`DROP TABLE IF EXISTS official_account_user`);
    await q.query(`DROP TABLE IF EXISTS official_account`);
  }
}
