import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  checkNumberOpenForRegistration,
  requiredDocuments,
  type DocumentKind,
} from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { faultPoint } from '../../common/fault/fault';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isCaseEditable } from '../cases/case-editable';
import { OcrQueue } from '../ocr/ocr-queue';
import { newStorageKey, STORAGE, Storage, StorageError } from '../storage/storage';
import { TenantsService } from '../tenants/tenants.service';
import {
  CaptureCheckService,
  DocumentQualityView,
  DUPLICATE_PHOTO_FLAG,
  qualityView,
} from './capture-check';
import type { DocumentRecord } from './document.entity';
import { DocumentError } from './documents.errors';
import { CaseForUpload, DocumentsRepository } from './documents.repository';
import { normalizeImage } from './image-pipeline';

/** docs/API.md: the answer to an upload. */
export interface UploadedDocument {
  id: string;
  kind: DocumentKind;
  width: number;
  height: number;
  bytes: number;
  uploadedAt: string;
  /** Capture checks of an ID photo (null for other kinds); `blocking` under the tenant's mode. */
  quality: DocumentQualityView | null;
}

export interface UploadInput {
  tenantId: string;
  /** The session's proven number: a case of another number is not found. */
  numberId: string;
  caseId: string;
  kind: string;
  bytes: Buffer;
  /** Who uploads, for the audit log (openid or 'subscriber:<numberId>'). */
  actorId: string;
}

export interface ViewableDocument {
  /** Decrypted JPEG, EXIF-free. */
  bytes: Buffer;
  kind: DocumentKind;
  caseId: string;
  width: number;
  height: number;
  uploadedAt: Date;
  supersededAt: Date | null;
}

export interface SweepReport {
  dryRun: boolean;
  scanned: number;
  /** Stored objects with no document row, older than the grace period. */
  orphans: string[];
  /** Objects without a row but younger than the grace period (an upload may be committing). */
  skippedYoung: number;
  deleted: number;
}

/** The associated data that binds a document's ciphertext to its tenant and id. */
export const documentAad = (tenantId: string, documentId: string): string =>
  `document:${tenantId}:${documentId}`;

const CASE_NOT_FOUND = '没有找到这个申请';

/**
 * ID photos from upload to viewing. The pipeline: check the case and the kind, sniff and
 * re-encode the image (metadata stripped), encrypt under the tenant key, store under a random
 * key, then record the row in a transaction (superseding the previous photo of that kind). A
 * failed database write deletes the stored file: no orphan, and never a row without a file.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly repo: DocumentsRepository,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ocrQueue: OcrQueue,
    private readonly captureChecks: CaptureCheckService,
    private readonly tenants: TenantsService,
  ) {}

  private checkCase(
    c: CaseForUpload | undefined,
    input: UploadInput,
    hotline: string,
  ): DocumentKind {
    if (!c || c.numberId !== input.numberId)
      throw new DocumentError('CASE_NOT_FOUND', CASE_NOT_FOUND);
    if (!isCaseEditable(c.state))
      throw new DocumentError('CASE_NOT_EDITABLE', '这个申请已提交或已结束，不能再上传照片');
    // A draft can outlive what it was for (the number cancelled by escalation, or registered by
    // the billing export since): submitting would be refused, so take no more ID photos for it.
    const open = checkNumberOpenForRegistration(c.number, hotline);
    if (!open.ok)
      throw new DocumentError(
        open.code,
        open.message,
        open.code === 'NUMBER_CANCELLED' ? { hotline } : undefined,
      );
    const required = requiredDocuments(c.applicantType);
    if (!(required as string[]).includes(input.kind)) {
      throw new DocumentError('DOCUMENT_KIND_INVALID', '这种办理方式不需要这份材料', {
        allowed: required,
      });
    }
    return input.kind as DocumentKind;
  }

  async upload(input: UploadInput): Promise<UploadedDocument> {
    // Cheap checks first: no image work for a case that cannot take it.
    const { capturePolicy, hotline } = await this.tenants.getById(input.tenantId);
    const kind = this.checkCase(
      await this.repo.caseForUpload(input.tenantId, input.caseId),
      input,
      hotline,
    );
    const image = await normalizeImage(input.bytes, { maxPixels: this.config.upload.maxPixels });
    // Quality and duplicate checks on the stored image, before anything is written (~0.1 s).
    const capture = await this.captureChecks.check(
      input.tenantId,
      input.caseId,
      kind,
      image,
      capturePolicy,
    );
    const documentId = randomUUID();
    const storageKey = newStorageKey(input.tenantId);
    const sealed = this.crypto.encrypt(
      input.tenantId,
      image.jpeg,
      documentAad(input.tenantId, documentId),
    );
    await this.storage.put(storageKey, sealed);
    faultPoint(this.config.fault, 'after-file-write');
    let record: DocumentRecord;
    try {
      record = await this.dataSource.transaction(async (m) => {
        // Again under the case's lock: it may have been submitted while the image was processed.
        this.checkCase(
          await this.repo.caseForUpload(input.tenantId, input.caseId, m),
          input,
          hotline,
        );
        const r = await this.repo.insertReplacing(m, {
          tenantId: input.tenantId,
          id: documentId,
          caseId: input.caseId,
          kind,
          storageKey,
          bytes: image.jpeg.length,
          width: image.width,
          height: image.height,
          sha256: createHash('sha256').update(image.jpeg).digest(),
          quality: capture.quality,
          phash: capture.phash,
          flags: capture.duplicates.length > 0 ? [DUPLICATE_PHOTO_FLAG] : [],
        });
        // OCR reads ID photos later, off the request path; queued with the row, so never lost.
        await this.ocrQueue.enqueueUpload(m, {
          tenantId: input.tenantId,
          documentId,
          caseId: input.caseId,
          kind,
        });
        await this.audit.append(m, {
          tenantId: input.tenantId,
          actorType: 'subscriber',
          actorId: input.actorId,
          action: 'document.upload',
          targetType: 'case',
          targetId: input.caseId,
          detail: {
            documentId,
            kind,
            ...(capture.quality ? { quality: capture.quality.verdict } : {}),
            ...(capture.duplicates.length > 0
              ? { duplicateOf: capture.duplicates.flatMap((d) => d.relatedCaseIds) }
              : {}),
          },
        });
        return r;
      });
    } catch (e) {
      await this.storage.delete(storageKey).catch((err: unknown) => {
        // The sweep removes it later; the key is random, nothing personal.
        this.logger.error(
          `could not remove ${storageKey} after a failed insert: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      throw e;
    }
    faultPoint(this.config.fault, 'after-upload-commit');
    this.ocrQueue.notify();
    return {
      id: record.id,
      kind: record.kind,
      width: record.width,
      height: record.height,
      bytes: record.bytes,
      uploadedAt: record.createdAt.toISOString(),
      quality: qualityView(record.quality, capturePolicy),
    };
  }

  /**
   * A document's decrypted JPEG for a reviewer. The CALLER checks the agent may see the case
   * and appends the audit entry ('document.view'); this only reads. Another tenant's id, or a
   * row whose file is missing, answers DOCUMENT_NOT_FOUND.
   */
  async readForViewing(tenantId: string, documentId: string): Promise<ViewableDocument> {
    const d = await this.repo.findById(tenantId, documentId);
    if (!d) throw new DocumentError('DOCUMENT_NOT_FOUND', '没有找到这份材料');
    let sealed: Buffer;
    try {
      sealed = await this.storage.get(d.storageKey);
    } catch (e) {
      if (e instanceof StorageError && e.code === 'OBJECT_NOT_FOUND') {
        this.logger.error(
          `document ${d.id} of tenant ${tenantId}: stored file ${d.storageKey} is missing`,
        );
        throw new DocumentError('DOCUMENT_NOT_FOUND', '没有找到这份材料');
      }
      throw e;
    }
    return {
      bytes: this.crypto.decrypt(tenantId, sealed, documentAad(tenantId, d.id)),
      kind: d.kind,
      caseId: d.caseId,
      width: d.width,
      height: d.height,
      uploadedAt: d.createdAt,
      supersededAt: d.supersededAt,
    };
  }

  /** Documents in force (not superseded) of a case: the case mapper and the review console list them. */
  currentForCase(tenantId: string, caseId: string, m?: EntityManager): Promise<DocumentRecord[]> {
    return this.repo.currentForCase(tenantId, caseId, m);
  }

  currentForCases(tenantId: string, caseIds: string[]): Promise<DocumentRecord[]> {
    return this.repo.currentForCases(tenantId, caseIds);
  }

  /**
   * Compares stored objects with document rows and removes objects no row points at (left by
   * a crash between storing and committing). Objects younger than `graceMinutes` are left: an
   * upload may be between its store and its commit.
   */
  async sweepOrphans(opts: {
    dryRun: boolean;
    graceMinutes?: number;
    now?: Date;
  }): Promise<SweepReport> {
    const cutoff = (opts.now ?? new Date()).getTime() - (opts.graceMinutes ?? 60) * 60_000;
    const report: SweepReport = {
      dryRun: opts.dryRun,
      scanned: 0,
      orphans: [],
      skippedYoung: 0,
      deleted: 0,
    };
    let batch: Array<{ key: string; modifiedAt: Date }> = [];
    const flush = async (): Promise<void> => {
      const byTenant = new Map<string, typeof batch>();
      for (const o of batch) {
        const t = o.key.slice(0, o.key.indexOf('/'));
        byTenant.set(t, [...(byTenant.get(t) ?? []), o]);
      }
      for (const [tenantId, objects] of byTenant) {
        const known = await this.repo.knownKeys(
          tenantId,
          objects.map((o) => o.key),
        );
        for (const o of objects) {
          if (known.has(o.key)) continue;
          if (o.modifiedAt.getTime() > cutoff) {
            report.skippedYoung += 1;
            continue;
          }
          report.orphans.push(o.key);
          if (!opts.dryRun) {
            await this.storage.delete(o.key);
            report.deleted += 1;
          }
        }
      }
      batch = [];
    };
    for await (const o of this.storage.list('')) {
      report.scanned += 1;
      batch.push(o);
      if (batch.length >= 500) await flush();
    }
    await flush();
    if (report.deleted > 0)
      this.logger.log(`sweep removed ${report.deleted} orphaned document files`);
    return report;
  }
}
