import { Injectable } from '@nestjs/common';
import type {
  ApplicantType,
  CaseState,
  DocumentKind,
  DocumentQuality,
  ServiceState,
} from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { DocumentRecord } from './document.entity';
import type { PhotoMatch } from './duplicate-photos';

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
  quality: DocumentQuality | null;
  /** bigint: pg returns it as a string. */
  phash: string | null;
  superseded_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'tenant_id, id, case_id, kind, storage_key, bytes, width, height, flags, quality, phash, superseded_at, created_at';

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
    quality: r.quality ?? null,
    phash: r.phash === null || r.phash === undefined ? null : BigInt(r.phash),
    supersededAt: r.superseded_at,
    createdAt: r.created_at,
  };
}

/** What an upload needs to know about its case. */
export interface CaseForUpload {
  numberId: string;
  state: CaseState;
  applicantType: ApplicantType;
  /** The case's number now: a cancelled or registered one takes no more ID photos. */
  number: { state: ServiceState; registered: boolean };
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
    const rows: Array<{
      number_id: string;
      state: CaseState;
      applicant_type: ApplicantType;
      number_state: ServiceState;
      registered: boolean;
    }> = await this.q(m).query(
      `SELECT c.number_id, c.state, c.applicant_type, n.state AS number_state, n.registered
         FROM registration_case c
         JOIN phone_number n ON n.tenant_id = c.tenant_id AND n.id = c.number_id
        WHERE c.tenant_id = $1 AND c.id = $2 ${m ? 'FOR UPDATE OF c' : ''}`,
      [tenantId, caseId],
    );
    const r = rows[0];
    return r
      ? {
          numberId: r.number_id,
          state: r.state,
          applicantType: r.applicant_type,
          number: { state: r.number_state, registered: r.registered },
        }
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
      quality: DocumentQuality | null;
      phash: bigint | null;
      /** e.g. 'duplicate_photo' when the upload's duplicate check found one. */
      flags: string[];
    },
  ): Promise<DocumentRecord> {
    await m.query(
      `UPDATE document SET superseded_at = now() WHERE tenant_id = $1 AND case_id = $2 AND kind = $3 AND superseded_at IS NULL`,
      [d.tenantId, d.caseId, d.kind],
    );
    const rows: DocumentRow[] = await m.query(
      `INSERT INTO document (tenant_id, id, case_id, kind, storage_key, bytes, width, height, sha256, quality, phash, flags)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [
        d.tenantId,
        d.id,
        d.caseId,
        d.kind,
        d.storageKey,
        d.bytes,
        d.width,
        d.height,
        d.sha256,
        d.quality === null ? null : JSON.stringify(d.quality),
        d.phash === null ? null : d.phash.toString(),
        d.flags,
      ],
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

  /**
   * Current ID fronts of OTHER cases of this tenant whose hash differs from `phash` in at most
   * `maxDistance` bits, nearest first, with their case's number and identity hash. Reads the
   * tenant's current ID fronts from document_phash_idx; never another tenant's.
   */
  async similarIdFronts(
    tenantId: string,
    caseId: string,
    phash: bigint,
    maxDistance: number,
    m?: EntityManager,
  ): Promise<PhotoMatch[]> {
    // Two steps, each bounded whatever the plan: the nearest 50 photos first, then their cases
    // by primary key. As one join, a planner working from stale statistics (a table that grew
    // fast, as during a registration drive) scanned all the tenant's cases once per matching
    // photo, so every upload of a reused photo got slower than the last (bench/load
    // --distinct-fronts 1, one quiet run each: 6.24 → 7.53 submissions/s, upload p50 8.5 → 5.2 s;
    // distinct photos 7.50/s).
    const docs: Array<{ id: string; case_id: string; distance: number }> = await this.q(m).query(
      `SELECT d.id, d.case_id, bit_count((d.phash # $3::bigint)::bit(64))::int AS distance
         FROM document d
        WHERE d.tenant_id = $1 AND d.kind = 'id_front' AND d.phash IS NOT NULL
          AND d.superseded_at IS NULL AND d.purged_at IS NULL AND d.case_id <> $2
          AND bit_count((d.phash # $3::bigint)::bit(64)) <= $4
        ORDER BY distance, d.created_at
        LIMIT 50`,
      [tenantId, caseId, phash.toString(), maxDistance],
    );
    if (docs.length === 0) return [];
    const cases: Array<{ id: string; number_id: string; id_hash: Buffer | null }> = await this.q(
      m,
    ).query(
      `SELECT id, number_id, id_hash FROM registration_case WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, [...new Set(docs.map((d) => d.case_id))]],
    );
    const byId = new Map(cases.map((c) => [c.id, c]));
    return docs.flatMap((d) => {
      const c = byId.get(d.case_id);
      return c
        ? [
            {
              documentId: d.id,
              caseId: d.case_id,
              numberId: c.number_id,
              idHash: c.id_hash,
              distance: d.distance,
            },
          ]
        : [];
    });
  }

  /** The number and identity hash of a case (duplicate checks at upload). */
  async caseIdentity(
    tenantId: string,
    caseId: string,
    m?: EntityManager,
  ): Promise<{ numberId: string; idHash: Buffer | null } | undefined> {
    const rows: Array<{ number_id: string; id_hash: Buffer | null }> = await this.q(m).query(
      `SELECT number_id, id_hash FROM registration_case WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId],
    );
    const r = rows[0];
    return r ? { numberId: r.number_id, idHash: r.id_hash } : undefined;
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
