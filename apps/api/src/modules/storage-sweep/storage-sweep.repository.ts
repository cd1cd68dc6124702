import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A document row as the storage check needs it: where its file should be, and whose it is. */
export interface DocumentFileRow {
  tenantId: string;
  documentId: string;
  caseId: string;
  kind: string;
  storageKey: string;
  superseded: boolean;
  caseState: string;
}

/**
 * Reads every document row, across tenants, in key order: the storage check compares them with
 * the stored files. Read-only; the documents feature owns the rows.
 */
@Injectable()
export class StorageSweepRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    after: { tenantId: string; documentId: string } | null,
    limit: number,
  ): Promise<DocumentFileRow[]> {
    const rows: Array<{
      tenant_id: string;
      id: string;
      case_id: string;
      kind: string;
      storage_key: string;
      superseded: boolean;
      state: string;
    }> = await this.dataSource.query(
      `SELECT d.tenant_id, d.id, d.case_id, d.kind, d.storage_key,
              d.superseded_at IS NOT NULL AS superseded, c.state
         FROM document d
         JOIN registration_case c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
        WHERE ($1::uuid IS NULL OR (d.tenant_id, d.id) > ($1::uuid, $2::uuid))
        ORDER BY d.tenant_id, d.id
        LIMIT $3`,
      [after?.tenantId ?? null, after?.documentId ?? null, limit],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      documentId: r.id,
      caseId: r.case_id,
      kind: r.kind,
      storageKey: r.storage_key,
      superseded: r.superseded,
      caseState: r.state,
    }));
  }
}
