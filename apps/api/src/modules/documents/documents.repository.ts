import { Injectable } from '@nestjs/common';
import type { ApplicantType, CaseState, DocumentKind } from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { DocumentRecord } from './document.entity';

interface DocumentRow {
  tenant_id: string;
  id: string;
  case_id: string;
  kind: string;
  storage_key: string;
  bytes: number;
  width: number;
  height: number;
  flags: string[];
  superseded_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'tenant_id, id, case_id, kind, storage_key, bytes, width, height, flags, superseded_at, created_at';

function toRecord(r: DocumentRow): DocumentRecord {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as DocumentKind,
    storageKey: r.storage_key,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    flags: r.flags,
    supersededAt: r.superseded_at,
    createdAt: r.created_at,
  };
}

/** What an upload needs to know about its case. */
export interface CaseForUpload {
  numberId: string;
  state: CaseState;
  applicantType: ApplicantType;
}

@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** The case an upload goes to; with `m`, locked for the rest of the transaction. */
  async caseForUpload(
    tenantId: string,
    caseId: string,
    m?: EntityManager,
  ): Promise<CaseForUpload | undefined> {
    const rows: Array<{ number_id: string; state: CaseState; applicant_type: ApplicantType }> =
      await this.q(m).query(
        `SELECT number_id, state, applicant_type FROM registration_case WHERE tenant_id = $1 AND id = $2 ${m ? 'FOR UPDATE' : ''}`,
        [tenantId, caseId],
      );
    const r = rows[0];
    return r
      ? { numberId: r.number_id, state: r.state, applicantType: r.applicant_type }
      : undefined;
  }

  /** Marks the current document of this kind superseded and inserts the new one, in the caller's transaction. */
  async insertReplacing(
    m: EntityManager,
    d: {
      tenantId: string;
      id: string;
      caseId: string;
      kind: DocumentKind;
      storageKey: string;
      bytes: number;
      width: number;
      height: number;
      sha256: Buffer;
    },
  ): Promise<DocumentRecord> {
    await m.query(
      `UPDATE document SET superseded_at = now() WHERE tenant_id = $1 AND case_id = $2 AND kind = $3 AND superseded_at IS NULL`,
      [d.tenantId, d.caseId, d.kind],
    );
    const rows: DocumentRow[] = await m.query(
      `INSERT INTO document (tenant_id, id, case_id, kind, storage_key, bytes, width, height, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [d.tenantId, d.id, d.caseId, d.kind, d.storageKey, d.bytes, d.width, d.height, d.sha256],
    );
    return toRecord(rows[0] as DocumentRow);
  }

  async findById(tenantId: string, id: string): Promise<DocumentRecord | undefined> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM document WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The documents in force (not superseded) of one case, oldest first. */
  async currentForCase(
    tenantId: string,
    caseId: string,
    m?: EntityManager,
  ): Promise<DocumentRecord[]> {
    const rows: DocumentRow[] = await this.q(m).query(
      `SELECT ${COLUMNS} FROM document WHERE tenant_id = $1 AND case_id = $2 AND superseded_at IS NULL ORDER BY created_at, id`,
      [tenantId, caseId],
    );
    return rows.map(toRecord);
  }

  /** Current documents of many cases at once (lists). */
  async currentForCases(tenantId: string, caseIds: string[]): Promise<DocumentRecord[]> {
    if (caseIds.length === 0) return [];
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM document WHERE tenant_id = $1 AND case_id = ANY($2::uuid[]) AND superseded_at IS NULL ORDER BY created_at, id`,
      [tenantId, caseIds],
    );
    return rows.map(toRecord);
  }

  /** Which of these storage keys (all of one tenant) have a document row. */
  async knownKeys(tenantId: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: Array<{ storage_key: string }> = await this.dataSource.query(
      `SELECT storage_key FROM document WHERE tenant_id = $1 AND storage_key = ANY($2::text[])`,
      [tenantId, keys],
    );
    return new Set(rows.map((r) => r.storage_key));
  }
}
