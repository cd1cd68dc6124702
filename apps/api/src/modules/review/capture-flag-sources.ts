import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  DOCUMENT_KINDS,
  QUALITY_RESUBMISSION_REASONS,
  type QualityCheck,
  type QualityCheckCode,
} from '@shiming/domain';
import { CaptureCheckService } from '../documents/capture-check';
import { CaseFlag, CaseFlagContext, CaseFlagRegistry, CaseFlagSource } from './case-flags';

const QUALITY_CODES: Record<QualityCheckCode, string> = {
  blur: 'QUALITY_BLUR',
  glare: 'QUALITY_GLARE',
  framing: 'QUALITY_FRAMING',
  resolution: 'QUALITY_RESOLUTION',
};

/** What the agent reads for a check that did not pass (the subscriber's message says what to do). */
function qualityText(check: QualityCheck): string {
  const failed = check.verdict === 'fail';
  switch (check.code) {
    case 'blur':
      return `${failed ? '照片模糊' : '照片稍模糊'}（清晰度 ${check.score}，要求不低于 ${check.threshold}）`;
    case 'glare':
      return `${failed ? '反光或过曝，可能看不清文字' : '有一小块反光'}（过曝区域 ${check.score} 格，允许 ${check.threshold} 格）`;
    case 'framing':
      return `取景不合格：${check.message.replace(/[，。].*$/, '')}（证件占画面 ${Math.round(check.score * 100)}%，要求不低于 ${Math.round(check.threshold * 100)}%）`;
    case 'resolution':
      return `${failed ? '分辨率太低' : '分辨率偏低'}（证件宽 ${check.score} 像素，要求不低于 ${check.threshold} 像素）`;
  }
}

/** QUALITY_*: each capture check of a document in force that did not pass (fail: critical). */
@Injectable()
export class QualityFlagSource implements CaseFlagSource, OnModuleInit {
  readonly name = 'capture-quality';

  constructor(private readonly registry: CaseFlagRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  flags(ctx: CaseFlagContext): Promise<CaseFlag[]> {
    const flags: CaseFlag[] = [];
    for (const d of ctx.documents) {
      for (const check of d.quality?.checks ?? []) {
        if (check.verdict === 'pass') continue;
        flags.push({
          code: QUALITY_CODES[check.code],
          severity: check.verdict === 'fail' ? 'critical' : 'warning',
          documentId: d.id,
          message: `${DOCUMENT_KINDS[d.kind].label}：${qualityText(check)}`,
          suggestedReason: QUALITY_RESUBMISSION_REASONS[check.code],
        });
      }
    }
    return Promise.resolve(flags);
  }
}

/**
 * DUPLICATE_PHOTO: the case's ID front is the same photo (dHash) as one in other cases of the
 * tenant — for another identity (critical), or for more of this identity's other numbers than
 * the capture policy's duplicateQuota (warning). Computed each time, so a later reuse shows too.
 */
@Injectable()
export class DuplicatePhotoFlagSource implements CaseFlagSource, OnModuleInit {
  readonly name = 'duplicate-photo';

  constructor(
    private readonly registry: CaseFlagRegistry,
    private readonly captureChecks: CaptureCheckService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async flags(ctx: CaseFlagContext): Promise<CaseFlag[]> {
    const front = ctx.documents.find((d) => d.kind === 'id_front' && d.phash !== null);
    if (!front?.phash) return [];
    const findings = await this.captureChecks.duplicatesOf(
      ctx.tenantId,
      ctx.record.id,
      front.phash,
      ctx.capturePolicy,
    );
    return findings.map((f) =>
      f.kind === 'other_identity'
        ? {
            code: 'DUPLICATE_PHOTO',
            severity: 'critical' as const,
            documentId: front.id,
            message: `身份证人像面照片与本运营商另外 ${f.relatedCaseIds.length} 个申请中的照片相同，但那些申请填写的是另一个身份证号码，疑似冒用，请对比核实`,
            relatedCaseIds: f.relatedCaseIds,
          }
        : {
            code: 'DUPLICATE_PHOTO',
            severity: 'warning' as const,
            documentId: front.id,
            message: `同一张身份证照片已用于这个身份证的另外 ${f.count ?? 0} 个号码（允许 ${f.quota ?? 0} 个），请核实是否本人办理`,
            relatedCaseIds: f.relatedCaseIds,
          },
    );
  }
}
