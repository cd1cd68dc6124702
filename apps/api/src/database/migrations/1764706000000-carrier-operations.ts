import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Carrier operations (imports, notices, retention):
 * - phone_number.owner_name_on_file_hash: the owner name is stored encrypted with a random IV,
 *   so a re-import could not tell "same name" from "changed name"; a keyed hash can, which is
 *   what makes importing the same file twice change nothing.
 * - notice: every notice the carrier sent (SMS, call, letter) with its short verification code,
 *   so a subscriber can check that a notice is genuine. `sender` is the number it came from.
 * - notice_check: verification attempts per client (keyed hash of the address, never in clear)
 *   for the rate limit across replicas; pruned as it is read.
 * - registration_case.personal_data_purged_at / document.purged_at: retention removed the
 *   personal fields and the stored file; the rows stay for the audit trail.
 */
export class CarrierOperations1764706000000 implements MigrationInterface {
  name = 'CarrierOperations1764706000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE phone_number ADD COLUMN owner_name_on_file_hash bytea`);
    await q.query(`CREATE TYPE notice_channel AS ENUM ('sms', 'call', 'letter')`);
    await q.query(`
      CREATE TABLE notice (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        channel notice_channel NOT NULL,
        phone text NOT NULL,
        sender text,
        code text NOT NULL,
        campaign text NOT NULL,
        sent_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, code)
      )`);
    await q.query(
      `CREATE INDEX notice_sender_idx ON notice (tenant_id, sender) WHERE sender IS NOT NULL`,
    );
    await q.query(`CREATE INDEX notice_phone_idx ON notice (tenant_id, phone)`);
    await q.query(`
      CREATE TABLE notice_check (
        key_hash text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notice_check_key_idx ON notice_check (key_hash, at DESC)`);
    await q.query(`ALTER TABLE registration_case ADD COLUMN personal_data_purged_at timestamptz`);
    await q.query(`ALTER TABLE document ADD COLUMN purged_at timestamptz`);
    await q.query(
      `CREATE INDEX case_retention_idx ON registration_case (tenant_id, decided_at)
         WHERE state IN ('approved', 'rejected', 'withdrawn') AND personal_data_purged_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS case_retention_idx`);
    await q.query(`ALTER TABLE document DROP COLUMN IF EXISTS purged_at`);
    await q.query(`ALTER TABLE registration_case DROP COLUMN IF EXISTS personal_data_purged_at`);
    await q.query(`DROP TABLE IF EXISTS notice_check`);
    await q.query(`DROP TABLE IF EXISTS notice`);
    await q.query(`DROP TYPE IF EXISTS notice_channel`);
    await q.query(`ALTER TABLE phone_number DROP COLUMN IF EXISTS owner_name_on_file_hash`);
  }
}
