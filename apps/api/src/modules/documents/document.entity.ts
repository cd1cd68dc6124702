import type { DocumentKind, DocumentQuality } from '@shiming/domain';

/**
 * A row of `document`: one uploaded photo, re-encoded and encrypted; the bytes live in Storage
 * under `storageKey`. (Types only: the repositories speak SQL, so TypeORM has nothing to map.)
 */
export interface DocumentRecord {
  tenantId: string;
  id: string;
  caseId: string;
  kind: DocumentKind;
  storageKey: string;
  /** Size of the stored JPEG before encryption. */
  bytes: number;
  width: number;
  height: number;
  flags: string[];
  /** Capture checks at upload (ID photos); null for other kinds and photos uploaded before them. */
  quality: DocumentQuality | null;
  /** 64-bit dHash of an ID front (signed, as PostgreSQL's bigint); null otherwise. */
  phash: bigint | null;
  supersededAt: Date | null;
  createdAt: Date;
}
