import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photo quality at capture (issue 8).
 * - tenant.capture_policy: the tenant's capture rules (checked by the domain's
 *   validateCapturePolicy whenever read or written); existing tenants get the defaults.
 * - document.quality (a jsonb column of the initial schema, unused until now) holds the checks'
 *   verdicts computed at upload: `{ verdict, checks: [{ code, score, threshold, verdict, message }] }`.
 * - document.phash: 64-bit difference hash of an ID front, to find the same photo reused in
 *   another case of the SAME tenant (Hamming distance with bit_count). The partial index lets
 *   that search read only the tenant's current ID fronts, from the index alone.
 */
export class CaptureQuality1765000000000 implements MigrationInterface {
  name = 'CaptureQuality1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE tenant ADD COLUMN capture_policy jsonb NOT NULL DEFAULT '{"qualityMode":"warn","blurMin":150,"glareCellsMax":1,"minCardShare":0.35,"minCardWidthPx":640,"duplicateQuota":1}'::jsonb`,
    );
    await q.query(`ALTER TABLE document ADD COLUMN phash bigint`);
    await q.query(
      `CREATE INDEX document_phash_idx ON document (tenant_id, kind) INCLUDE (phash, case_id)
         WHERE phash IS NOT NULL AND superseded_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS document_phash_idx`);
    await q.query(`ALTER TABLE document DROP COLUMN IF EXISTS phash`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS capture_policy`);
  }
}
