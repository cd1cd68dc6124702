import type { DocumentKind } from './documents';
import { NATIONAL_IDENTITY_LIMIT } from './policy';
import { fail, ok, type Result } from './result';
import type { ResubmissionReason } from './review';

/**
 * Photo quality at capture: what the API measured on an ID photo (blur, glare, framing,
 * resolution), judged against the tenant's capture policy into a verdict per check with a message
 * that tells the subscriber what to do. The measuring is image work (apps/api); the rules are here.
 */
export type QualityCheckCode = 'blur' | 'glare' | 'framing' | 'resolution';
export type QualityVerdict = 'pass' | 'warn' | 'fail';
/** 'block': a required photo whose verdict is 'fail' stops submission; 'warn': it is only shown. */
export type QualityMode = 'block' | 'warn';

export interface QualityCheck {
  code: QualityCheckCode;
  /** blur: variance of the Laplacian; glare: clipped cells; framing: card share of the frame; resolution: pixels. */
  score: number;
  /** The policy value the score was judged against. */
  threshold: number;
  verdict: QualityVerdict;
  /** For the subscriber, in Chinese: what is wrong and what to do. */
  message: string;
}

/** Stored on the document at upload; `verdict` is the worst of the checks. */
export interface DocumentQuality {
  verdict: QualityVerdict;
  checks: QualityCheck[];
}

/** The tenant's capture rules (tenant.capture_policy). */
export interface CapturePolicy {
  qualityMode: QualityMode;
  /** Variance of the Laplacian at a 1000 px long side below which a photo is blurred (0: off). */
  blurMin: number;
  /** Grid cells (of 8 × 5 over the card) more than half clipped to white that are tolerated. */
  glareCellsMax: number;
  /** Share of the frame the card must cover (0: off). */
  minCardShare: number;
  /** Width of the card in the photo as taken, in pixels (0: off). */
  minCardWidthPx: number;
  /** Other numbers of the SAME identity that may reuse one ID photo before it is flagged. */
  duplicateQuota: number;
}

export const DEFAULT_CAPTURE_POLICY: CapturePolicy = {
  qualityMode: 'warn',
  blurMin: 150,
  glareCellsMax: 1,
  minCardShare: 0.35,
  minCardWidthPx: 640,
  duplicateQuota: 1,
};

/** A score this close above its threshold (×1.25, blur ×1.5) passes with a warning. */
export const WARN_MARGIN = 1.25;
const BLUR_WARN_MARGIN = 1.5;

type Check = (value: unknown) => boolean;
const numberIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const integerIn =
  (min: number, max: number): Check =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

const FIELDS: Record<keyof CapturePolicy, [Check, string]> = {
  qualityMode: [
    (v) => v === 'block' || v === 'warn',
    '必须是 "block"（拦截提交）或 "warn"（只提醒）',
  ],
  blurMin: [numberIn(0, 5000), '必须是 0 到 5000 之间的数'],
  glareCellsMax: [integerIn(0, 40), '必须是 0 到 40 之间的整数'],
  minCardShare: [numberIn(0, 0.9), '必须是 0 到 0.9 之间的数'],
  minCardWidthPx: [integerIn(0, 4000), '必须是 0 到 4000 之间的整数'],
  duplicateQuota: [
    integerIn(0, NATIONAL_IDENTITY_LIMIT),
    `必须是 0 到 ${NATIONAL_IDENTITY_LIMIT} 之间的整数`,
  ],
};

/**
 * Checks a capture policy from an admin form or the database: every field present with a
 * sensible value and no unknown field (a misspelt key must not fall back to a default silently).
 */
export function validateCapturePolicy(
  input: unknown,
): Result<CapturePolicy, 'INVALID_CAPTURE_POLICY'> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('INVALID_CAPTURE_POLICY', '拍照质量策略必须是一个对象。');
  }
  const record = input as Record<string, unknown>;
  const unknownField = Object.keys(record).find((key) => !(key in FIELDS));
  if (unknownField !== undefined)
    return fail('INVALID_CAPTURE_POLICY', `拍照质量策略中有未知字段 ${unknownField}。`);
  for (const [field, [check, rule]] of Object.entries(FIELDS)) {
    if (!(field in record))
      return fail('INVALID_CAPTURE_POLICY', `拍照质量策略缺少字段 ${field}。`);
    if (!check(record[field]))
      return fail('INVALID_CAPTURE_POLICY', `拍照质量策略字段 ${field} ${rule}。`);
  }
  return ok({ ...(record as unknown as CapturePolicy) });
}

const CARD_CHECKS: readonly QualityCheckCode[] = ['blur', 'glare', 'framing', 'resolution'];

const CHECKS_BY_KIND: Record<DocumentKind, readonly QualityCheckCode[]> = {
  id_front: CARD_CHECKS,
  id_back: CARD_CHECKS,
  proxy_id_front: CARD_CHECKS,
  proxy_id_back: CARD_CHECKS,
  id_handheld: ['resolution'],
  authorization_letter: [],
  business_licence: [],
  introduction_letter: [],
};

/** Which checks a kind of document gets: a card photo all four, the handheld photo its resolution. */
export function qualityChecksFor(kind: DocumentKind): QualityCheckCode[] {
  return [...CHECKS_BY_KIND[kind]];
}

/** What the image analysis found (apps/api documents/capture-analysis). */
export interface CaptureMeasures {
  blur: number;
  clippedCells: number;
  /** Whether a card-like region was found at all. */
  cardFound: boolean;
  cardShare: number;
  /** The card touches an edge of the frame. */
  cutOff: boolean;
  /** The card's width in the photo as taken (for a handheld photo: the photo's short side). */
  cardWidthPx: number;
}

const MESSAGES = {
  blur: {
    fail: '照片模糊，请拿稳手机、对准证件重新拍。',
    warn: '照片有点模糊，建议在光线充足的地方拿稳手机重拍。',
    pass: '照片清晰。',
  },
  glare: {
    fail: '证件上有反光，文字看不清，请避开灯光或窗户、稍微倾斜手机重新拍。',
    warn: '证件上有一小块反光，请确认文字都能看清，必要时避开灯光重拍。',
    pass: '没有反光。',
  },
  framing: {
    notFound: '没有找到证件，请把证件放在深色桌面上，整张拍进画面里。',
    cutOff: '证件没有拍全，请把四个角都拍进来。',
    fail: '证件离得太远，请靠近一些，让证件占满取景框。',
    warn: '证件在画面里有点小，靠近一些拍会更清楚。',
    pass: '证件位置合适。',
  },
  resolution: {
    fail: '照片分辨率太低，请用手机相机直接拍摄，不要截图或压缩后上传。',
    warn: '照片分辨率偏低，靠近一些拍会更清楚。',
    pass: '分辨率足够。',
  },
} as const;

function check(
  code: QualityCheckCode,
  score: number,
  threshold: number,
  verdict: QualityVerdict,
  message: string,
): QualityCheck {
  return { code, score, threshold, verdict, message };
}

/** Higher is better: below the threshold fails, below threshold × margin warns. 0 turns it off. */
function atLeast(score: number, threshold: number, margin: number): QualityVerdict {
  if (threshold <= 0) return 'pass';
  if (score < threshold) return 'fail';
  return score < threshold * margin ? 'warn' : 'pass';
}

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function judgeOne(code: QualityCheckCode, m: CaptureMeasures, p: CapturePolicy): QualityCheck {
  switch (code) {
    case 'blur': {
      const verdict = atLeast(m.blur, p.blurMin, BLUR_WARN_MARGIN);
      return check(code, round(m.blur, 1), p.blurMin, verdict, MESSAGES.blur[verdict]);
    }
    case 'glare': {
      const verdict: QualityVerdict =
        m.clippedCells > p.glareCellsMax ? 'fail' : m.clippedCells > 0 ? 'warn' : 'pass';
      return check(code, m.clippedCells, p.glareCellsMax, verdict, MESSAGES.glare[verdict]);
    }
    case 'framing': {
      const score = round(m.cardShare, 3);
      if (!m.cardFound)
        return check(code, score, p.minCardShare, 'fail', MESSAGES.framing.notFound);
      if (m.cutOff) return check(code, score, p.minCardShare, 'fail', MESSAGES.framing.cutOff);
      const verdict = atLeast(m.cardShare, p.minCardShare, WARN_MARGIN);
      return check(code, score, p.minCardShare, verdict, MESSAGES.framing[verdict]);
    }
    case 'resolution': {
      const verdict = atLeast(m.cardWidthPx, p.minCardWidthPx, WARN_MARGIN);
      return check(
        code,
        Math.round(m.cardWidthPx),
        p.minCardWidthPx,
        verdict,
        MESSAGES.resolution[verdict],
      );
    }
  }
}

const RANK: Record<QualityVerdict, number> = { pass: 0, warn: 1, fail: 2 };

export function worstVerdict(verdicts: QualityVerdict[]): QualityVerdict {
  return verdicts.reduce<QualityVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'pass');
}

/** The checks of `codes` judged against the policy; the overall verdict is the worst one. */
export function judgeCapture(
  measures: CaptureMeasures,
  policy: CapturePolicy,
  codes: QualityCheckCode[],
): DocumentQuality {
  const checks = codes.map((code) => judgeOne(code, measures, policy));
  return { verdict: worstVerdict(checks.map((c) => c.verdict)), checks };
}

/** Whether this photo stops the case's submission under the tenant's mode. */
export function qualityBlocksSubmission(
  quality: DocumentQuality | null | undefined,
  policy: Pick<CapturePolicy, 'qualityMode'>,
): boolean {
  return policy.qualityMode === 'block' && quality?.verdict === 'fail';
}

/** The reason an agent most likely picks for a failed check (one click in the console). */
export const QUALITY_RESUBMISSION_REASONS: Record<QualityCheckCode, ResubmissionReason> = {
  blur: 'blurry',
  glare: 'glare',
  framing: 'cropped',
  resolution: 'blurry',
};
