import type { DocumentKind } from '@shiming/domain';
import type { PhotoQuality, QualityCheck, QualityCheckCode } from './api/types';
import { documentLabel } from './caseWords';

/** What each photo check found, in the subscriber's words (UI text, not rules: the API decides). */
const CHECK_WORDS: Record<
  QualityCheckCode,
  { short: string; fail: string; warn: string; todo: string }
> = {
  blur: {
    short: '模糊',
    fail: '照片模糊，请重拍',
    warn: '照片有点模糊，建议重拍',
    todo: '拿稳手机，等画面清楚了再拍；光线暗就换到亮一点的地方。',
  },
  glare: {
    short: '反光',
    fail: '照片有反光，请重拍',
    warn: '照片有一点反光，建议重拍',
    todo: '避开灯光和窗户，把手机稍微斜一点，证件上不要有白色亮斑。',
  },
  framing: {
    short: '没拍全或离得太远',
    fail: '证件没拍全或离得太远，请重拍',
    warn: '证件离得有点远，建议重拍',
    todo: '把证件放进框里，四个角都要拍进来，证件占满框的大部分。',
  },
  resolution: {
    short: '不够清晰',
    fail: '照片太小、不够清晰，请重拍',
    warn: '照片有点小，建议重拍',
    todo: '用手机相机直接拍，不要用截图或压缩过的图片。',
  },
};

function words(code: string) {
  return (CHECK_WORDS as Record<string, (typeof CHECK_WORDS)[QualityCheckCode] | undefined>)[code];
}

/** The checks that did not pass, worst first. */
export function problems(quality: PhotoQuality): QualityCheck[] {
  const rank = { fail: 0, warn: 1, pass: 2 } as const;
  return quality.checks
    .filter((c) => c.verdict !== 'pass')
    .sort((a, b) => rank[a.verdict] - rank[b.verdict]);
}

/** One line naming the worst problem ("照片模糊，请重拍"). */
export function qualityHeadline(quality: PhotoQuality): string {
  const worst = problems(quality)[0];
  const w = worst ? words(worst.code) : undefined;
  if (worst && w) return worst.verdict === 'fail' ? w.fail : w.warn;
  return quality.verdict === 'fail' ? '照片不够清楚，请重拍' : '照片可能不够清楚，建议重拍';
}

/** What to do, one line per problem: the API's own Chinese advice, else ours. */
export function qualityAdvice(quality: PhotoQuality): string[] {
  const lines = problems(quality).map((c) =>
    /\p{Script=Han}/u.test(c.message) ? c.message : (words(c.code)?.todo ?? ''),
  );
  return [...new Set(lines.filter((l) => l !== ''))];
}

/** "机主身份证人像面（模糊、反光）" for a photo refused at submission. */
export function retakeLine(kind: string, checks: readonly string[]): string {
  const label = documentLabel(kind as DocumentKind);
  const found = checks.map((c) => words(c)?.short).filter((s): s is string => !!s);
  return found.length > 0 ? `${label}（${found.join('、')}）` : label;
}

/** The message for a submission refused because photos failed the checks. */
export function retakeMessage(
  documents: readonly { kind: string; checks: readonly string[] }[],
): string {
  if (documents.length === 0) return '有照片不够清楚，请重拍后再提交。';
  return `这些照片不够清楚，请重拍后再提交：${documents.map((d) => retakeLine(d.kind, d.checks)).join('；')}。`;
}
