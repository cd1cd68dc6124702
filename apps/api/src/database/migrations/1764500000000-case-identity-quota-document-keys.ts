import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-carrier identity quota ("one identity, at most N numbers per carrier nationwide")
 * spans every tenant of a carrier, so it cannot use the per-tenant keyed hash (id_hash). Each
 * case also keeps `id_carrier_hash` = carrierHash(carrier, ID number), the same across the
 * carrier's tenants, and the carrier itself. This is the ONE lookup that is by carrier, not by
 * tenant: under Citus it fans out to the carrier's shards (an index scan on each), which is the
 * price of a rule that is national by law.
 *
 * document.storage_key gets a unique index: the orphan sweep looks stored keys up by it, and
 * two rows must never share one file.
 */
export class CaseIdentityQuotaDocumentKeys1764500000000 implements MigrationInterface {
  name = 'CaseIdentityQuotaDocumentKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE registration_case ADD COLUMN carrier carrier, ADD COLUMN id_carrier_hash bytea`,
    );
    await q.query(
      `CREATE INDEX case_identity_quota_idx ON registration_case (carrier, id_carrier_hash)
         WHERE id_carrier_hash IS NOT NULL AND state IN ('submitted', 'in_review', 'needs_resubmission', 'approved')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX document_storage_key_idx ON document (tenant_id, storage_key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS document_storage_key_idx`);
    await q.query(`DROP INDEX IF EXISTS case_identity_quota_idx`);
    await q.query(
      `ALTER TABLE registration_case DROP COLUMN IF EXISTS id_carrier_hash, DROP COLUMN IF EXISTS carrier`,
    );
  }
}
