import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * document_ocr: the OCR job of an ID photo (id_front, id_back) and, once read, its result. A row
 * is queued in the upload's transaction; workers claim due rows with SKIP LOCKED (one at a time
 * per process), so a restart loses nothing: a row whose claim ran out is claimed again.
 * - status: pending → running → done | failed (after the last try) | skipped (the photo was
 *   replaced before it was read).
 * - result_enc: what was read (name, ID number, validity), JSON, AES-256-GCM under the tenant's
 *   key, bound to the tenant and document by its associated data. Retention clears it with the
 *   case's other personal fields. The OCR's raw lines (address and all) are never stored.
 */
export class DocumentOcr1765400000000 implements MigrationInterface {
  name = 'DocumentOcr1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_ocr (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('id_front', 'id_back')),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        result_enc bytea,
        read_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES document(tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES registration_case(tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX document_ocr_due_idx ON document_ocr (next_attempt_at) WHERE status IN ('pending', 'running')`,
    );
    await q.query(`CREATE INDEX document_ocr_case_idx ON document_ocr (tenant_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS document_ocr`);
  }
}
