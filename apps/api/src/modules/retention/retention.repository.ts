import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface DueCase {
  id: string;
  state: 'approved' | 'rejected' | 'withdrawn';
  storageKeys: string[];
}

/** Closed cases past the tenant's retention period ($2 days after the decision, or the last change for a withdrawal). */
const DUE = `c.tenant_id = $1 AND c.state IN ('approved', 'rejected', 'withdrawn') AND c.personal_data_purged_at IS NULL
  AND COALESCE(c.decided_at, c.updated_at) < now() - make_interval(days => $2)`;

@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async countDue(tenantId: string, days: number): Promise<{ cases: number; documents: number }> {
    const rows = await this.dataSource.query<Array<{ cases: string; documents: string }>>(
      `SELECT count(DISTINCT c.id) AS cases, count(d.id) AS documents
         FROM registration_case c
         LEFT JOIN document d ON d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.purged_at IS NULL
        WHERE ${DUE}`,
      [tenantId, days],
    );
    return { cases: Number(rows[0]?.cases ?? 0), documents: Number(rows[0]?.documents ?? 0) };
  }

  /** The next batch of due cases with the storage keys of their documents not yet purged. */
  async nextDue(tenantId: string, days: number, limit: number): Promise<DueCase[]> {
    const rows = await this.dataSource.query<
      Array<{ id: string; state: DueCase['state']; keys: string[] | null }>
    >(
      `SELECT c.id, c.state,
              array_remove(array_agg(d.storage_key), NULL) AS keys
         FROM registration_case c
         LEFT JOIN document d ON d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.purged_at IS NULL
        WHERE ${DUE}
        GROUP BY c.id, c.state
        ORDER BY min(COALESCE(c.decided_at, c.updated_at))
        LIMIT $3`,
      [tenantId, days, limit],
    );
    return rows.map((r) => ({ id: r.id, state: r.state, storageKeys: r.keys ?? [] }));
  }

  /**
   * Removes the personal fields of closed cases (OCR results included) and marks their documents purged. Approved cases
   * keep their keyed identity hashes: the per-carrier limit of numbers per identity still counts
   * them, and a keyed hash cannot be read back without the key.
   */
  async purge(m: EntityManager, tenantId: string, caseIds: string[]): Promise<void> {
    await m.query(
      `UPDATE registration_case
          SET name_enc = NULL, id_number_enc = NULL, proxy_name_enc = NULL, proxy_id_number_enc = NULL, proxy_id_hash = NULL,
              openid = NULL,
              id_hash = CASE WHEN state = 'approved' THEN id_hash END,
              id_carrier_hash = CASE WHEN state = 'approved' THEN id_carrier_hash END,
              personal_data_purged_at = now()
        WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, caseIds],
    );
    await m.query(
      // The photo's perceptual hash goes with the photo: a purged case is no longer compared.
      `UPDATE document SET purged_at = now(), phash = NULL WHERE tenant_id = $1 AND case_id = ANY($2::uuid[]) AND purged_at IS NULL`,
      [tenantId, caseIds],
    );
    // What OCR read on the ID photos is personal data too; a job not yet run is skipped (purged photo).
    await m.query(
      `UPDATE document_ocr SET result_enc = NULL WHERE tenant_id = $1 AND case_id = ANY($2::uuid[]) AND result_enc IS NOT NULL`,
      [tenantId, caseIds],
    );
  }
}
