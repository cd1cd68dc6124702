import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type OcrKind = 'id_front' | 'id_back';
export type OcrJobStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** A claimed job: which photo to read. */
export interface OcrJob {
  tenantId: string;
  documentId: string;
  caseId: string;
  kind: OcrKind;
  /** Tries started, this one included; fences the outcome. */
  attempts: number;
}

/** A job as the readers see it. */
export interface OcrRow {
  documentId: string;
  kind: OcrKind;
  status: OcrJobStatus;
  resultEnc: Buffer | null;
}

interface ClaimedRow {
  tenant_id: string;
  document_id: string;
  case_id: string;
  kind: OcrKind;
  attempts: number;
}

/** The photo a job reads, from the document table. */
export interface OcrSource {
  storageKey: string;
  superseded: boolean;
  purged: boolean;
}

/** document_ocr: the job queue of ID-photo OCR and its encrypted results. */
@Injectable()
export class OcrRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a photo in the caller's transaction (the upload's); a second call is a no-op. */
  async enqueue(
    m: EntityManager,
    job: { tenantId: string; documentId: string; caseId: string; kind: OcrKind },
  ): Promise<void> {
    await m.query(
      `INSERT INTO document_ocr (tenant_id, document_id, case_id, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, document_id) DO NOTHING`,
      [job.tenantId, job.documentId, job.caseId, job.kind],
    );
  }

  /**
   * Claims the oldest due job in one statement: a pending one whose time has come, or a running
   * one whose claim ran out (its process died). Bumps attempts and holds it for `lockSeconds`.
   */
  async claimNext(lockSeconds: number): Promise<OcrJob | undefined> {
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE document_ocr o
          SET status = 'running', attempts = o.attempts + 1,
              locked_until = now() + make_interval(secs => $1)
         FROM (SELECT tenant_id, document_id FROM document_ocr
                WHERE (status = 'pending' AND next_attempt_at <= now())
                   OR (status = 'running' AND locked_until < now())
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED) due
        WHERE o.tenant_id = due.tenant_id AND o.document_id = due.document_id
        RETURNING o.tenant_id, o.document_id, o.case_id, o.kind, o.attempts`,
      [lockSeconds],
    );
    const r = rows[0];
    return r
      ? {
          tenantId: r.tenant_id,
          documentId: r.document_id,
          caseId: r.case_id,
          kind: r.kind,
          attempts: Number(r.attempts),
        }
      : undefined;
  }

  async source(tenantId: string, documentId: string): Promise<OcrSource | undefined> {
    const rows: Array<{ storage_key: string; superseded: boolean; purged: boolean }> =
      await this.dataSource.query(
        `SELECT storage_key, superseded_at IS NOT NULL AS superseded, purged_at IS NOT NULL AS purged
           FROM document WHERE tenant_id = $1 AND id = $2`,
        [tenantId, documentId],
      );
    const r = rows[0];
    return r
      ? { storageKey: r.storage_key, superseded: r.superseded, purged: r.purged }
      : undefined;
  }

  /** The outcome of the claim `attempts`: done with a result, or skipped. A later claim's outcome wins. */
  async finish(
    job: OcrJob,
    outcome: { status: 'done'; resultEnc: Buffer; readMs: number } | { status: 'skipped' },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE document_ocr
          SET status = $4, result_enc = $5, read_ms = $6, done_at = now(), locked_until = NULL, last_error = NULL
        WHERE tenant_id = $1 AND document_id = $2 AND attempts = $3 AND status = 'running'`,
      [
        job.tenantId,
        job.documentId,
        job.attempts,
        outcome.status,
        outcome.status === 'done' ? outcome.resultEnc : null,
        outcome.status === 'done' ? Math.round(outcome.readMs) : null,
      ],
    );
  }

  /** A failed try: pending again at `retryAt`, or failed for good (null). */
  async fail(job: OcrJob, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE document_ocr
          SET status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
              done_at = CASE WHEN $5::timestamptz IS NULL THEN now() END,
              locked_until = NULL, last_error = $4
        WHERE tenant_id = $1 AND document_id = $2 AND attempts = $3 AND status = 'running'`,
      [job.tenantId, job.documentId, job.attempts, error.slice(0, 500), retryAt],
    );
  }

  /** The jobs of these documents (a case's current ID photos). */
  async forDocuments(tenantId: string, documentIds: string[]): Promise<OcrRow[]> {
    if (documentIds.length === 0) return [];
    const rows: Array<{
      document_id: string;
      kind: OcrKind;
      status: OcrJobStatus;
      result_enc: Buffer | null;
    }> = await this.dataSource.query(
      `SELECT document_id, kind, status, result_enc FROM document_ocr
        WHERE tenant_id = $1 AND document_id = ANY($2::uuid[])`,
      [tenantId, documentIds],
    );
    return rows.map((r) => ({
      documentId: r.document_id,
      kind: r.kind,
      status: r.status,
      resultEnc: r.result_enc,
    }));
  }
}
