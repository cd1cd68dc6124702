import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Branding shows the consent's title beside its text and version (docs/API.md), so the tenant
 * keeps it. Console logins are rate-limited per username and client address across replicas:
 * attempts are kept in Postgres under a keyed hash (no username or IP address in clear), and
 * pruned after a day.
 */
export class TenantConsentTitleLoginAttempts1764400000000 implements MigrationInterface {
  name = 'TenantConsentTitleLoginAttempts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE tenant ADD COLUMN consent_title text NOT NULL DEFAULT '身份证照片处理单独同意书'`,
    );
    await q.query(`
      CREATE TABLE login_attempt (
        key_hash text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempt_key_idx ON login_attempt (key_hash, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS login_attempt`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS consent_title`);
  }
}
