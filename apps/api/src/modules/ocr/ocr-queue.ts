import { Inject, Injectable } from '@nestjs/common';
import type { DocumentKind } from '@shiming/domain';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OcrKind, OcrRepository } from './ocr.repository';

const READ_KINDS: ReadonlySet<DocumentKind> = new Set<OcrKind>(['id_front', 'id_back']);

/**
 * Where uploads hand ID photos to OCR: a row in document_ocr, written in the upload's own
 * transaction (so a photo is queued exactly when it is stored, and a restart loses nothing).
 * Provided by DocumentsModule; the OCR module's worker drains it.
 */
@Injectable()
export class OcrQueue {
  private readonly listeners = new Set<() => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: OcrRepository,
  ) {}

  get enabled(): boolean {
    return this.config.ocr.enabled;
  }

  /** Queues the photo if OCR is on and it is an ID card's front or back. Answers whether it did. */
  async enqueueUpload(
    m: EntityManager,
    doc: { tenantId: string; documentId: string; caseId: string; kind: DocumentKind },
  ): Promise<boolean> {
    if (!this.enabled || !READ_KINDS.has(doc.kind)) return false;
    await this.repo.enqueue(m, { ...doc, kind: doc.kind as OcrKind });
    return true;
  }

  /** After the upload committed: wakes this process's worker instead of waiting for its next poll. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  onQueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
