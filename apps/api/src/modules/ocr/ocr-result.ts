import type { IdCardBackReading, IdCardFrontReading } from '@shiming/domain';

/** What is kept of one photo's OCR (JSON, encrypted): only what the domain accepted. */
export type OcrResult =
  ({ kind: 'id_front' } & IdCardFrontReading) | ({ kind: 'id_back' } & IdCardBackReading);

/** The associated data binding an OCR result's ciphertext to its tenant and document. */
export const ocrResultAad = (tenantId: string, documentId: string): string =>
  `document_ocr:${tenantId}:${documentId}`;
