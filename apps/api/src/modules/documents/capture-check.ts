import { Injectable, Logger } from '@nestjs/common';
import {
  judgeCapture,
  qualityBlocksSubmission,
  qualityChecksFor,
  type CapturePolicy,
  type DocumentKind,
  type DocumentQuality,
} from '@shiming/domain';
import type { EntityManager } from 'typeorm';
import { analyseCapture } from './capture-analysis';
import { DocumentsRepository } from './documents.repository';
import { DUPLICATE_MAX_DISTANCE, judgeDuplicates, type DuplicateFinding } from './duplicate-photos';
import type { NormalizedImage } from './image-pipeline';

/** A document's quality as responses show it: `blocking` when it stops submission under the tenant's mode. */
export type DocumentQualityView = DocumentQuality & { blocking: boolean };

export function qualityView(
  quality: DocumentQuality | null,
  policy: Pick<CapturePolicy, 'qualityMode'>,
): DocumentQualityView | null {
  return quality ? { ...quality, blocking: qualityBlocksSubmission(quality, policy) } : null;
}

export interface CaptureResult {
  quality: DocumentQuality | null;
  /** ID fronts only. */
  phash: bigint | null;
  /** What the duplicate check found at upload (ID fronts of a case whose identity is known). */
  duplicates: DuplicateFinding[];
  /** Time the image analysis took (logged at debug, for the figures in docs). */
  analysisMs: number;
}

/** Document flag written at upload when the photo was already used elsewhere (see case flags). */
export const DUPLICATE_PHOTO_FLAG = 'duplicate_photo';

/**
 * The capture checks of an upload: measure the stored image (~0.1 s), judge it against the
 * tenant's capture policy, hash an ID front and look for the same photo in the tenant's other cases.
 */
@Injectable()
export class CaptureCheckService {
  private readonly logger = new Logger(CaptureCheckService.name);

  constructor(private readonly repo: DocumentsRepository) {}

  async check(
    tenantId: string,
    caseId: string,
    kind: DocumentKind,
    image: NormalizedImage,
    policy: CapturePolicy,
  ): Promise<CaptureResult> {
    const codes = qualityChecksFor(kind);
    if (kind === 'id_handheld') {
      // No card to look for in a person holding one: only the photo's short side, as taken.
      const shortSide =
        (Math.min(image.width, image.height) * image.sourceLongSide) /
        Math.max(image.width, image.height);
      const measures = {
        blur: 0,
        clippedCells: 0,
        cardFound: true,
        cardShare: 1,
        cutOff: false,
        cardWidthPx: shortSide,
      };
      return {
        quality: judgeCapture(measures, policy, codes),
        phash: null,
        duplicates: [],
        analysisMs: 0,
      };
    }
    if (codes.length === 0) {
      return { quality: null, phash: null, duplicates: [], analysisMs: 0 };
    }
    const started = performance.now();
    let analysis: Awaited<ReturnType<typeof analyseCapture>>;
    try {
      analysis = await analyseCapture(image.jpeg, { sourceLongSide: image.sourceLongSide });
    } catch (e) {
      // The image was decoded once already: this is a fault of ours, not the subscriber's. The
      // photo is kept unchecked rather than refused.
      this.logger.error(
        `capture analysis failed on a ${kind} of case ${caseId}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return { quality: null, phash: null, duplicates: [], analysisMs: 0 };
    }
    const analysisMs = Math.round(performance.now() - started);
    const quality = codes.length > 0 ? judgeCapture(analysis.measures, policy, codes) : null;
    const phash = kind === 'id_front' ? analysis.dhash : null;
    const duplicates =
      phash === null ? [] : await this.duplicatesOf(tenantId, caseId, phash, policy);
    this.logger.debug(`capture checks of a ${kind}: ${analysisMs} ms, ${quality?.verdict ?? '-'}`);
    return { quality, phash, duplicates, analysisMs };
  }

  /** The same photo in the tenant's other cases, judged for this case's identity and number. */
  async duplicatesOf(
    tenantId: string,
    caseId: string,
    phash: bigint,
    policy: CapturePolicy,
    m?: EntityManager,
  ): Promise<DuplicateFinding[]> {
    const self = await this.repo.caseIdentity(tenantId, caseId, m);
    if (!self) return [];
    const matches = await this.repo.similarIdFronts(
      tenantId,
      caseId,
      phash,
      DUPLICATE_MAX_DISTANCE,
      m,
    );
    return judgeDuplicates(self, matches, policy.duplicateQuota);
  }
}
