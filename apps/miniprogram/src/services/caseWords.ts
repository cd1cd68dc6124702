import { DOCUMENT_KINDS, type ApplicantType, type DocumentKind } from '@shiming/domain';
import type { CaseStateName } from './api/types';

export const APPLICANT_TYPE_WORDS: Record<ApplicantType, string> = {
  self: '机主本人办理',
  proxy: '代办',
  enterprise: '单位号码',
};

export const CASE_STATE_WORDS: Record<CaseStateName, { title: string; text: string }> = {
  draft: { title: '还没有提交', text: '您的登记还没有提交，请继续完成。' },
  submitted: {
    title: '已提交，等待审核',
    text: '工作人员会尽快核对您的照片，一般 1 个工作日内有结果。',
  },
  in_review: { title: '正在审核', text: '工作人员正在核对您的照片，请耐心等待。' },
  needs_resubmission: {
    title: '需要补充材料',
    text: '有几张照片需要重拍，重拍下面列出的就可以，其他的不用动。',
  },
  approved: { title: '登记成功', text: '您的号码已经完成实名登记。' },
  rejected: { title: '没有通过', text: '这次登记没有通过。' },
  withdrawn: { title: '已撤回', text: '这次登记已经撤回。' },
};

export function documentLabel(kind: DocumentKind): string {
  return DOCUMENT_KINDS[kind]?.label ?? kind;
}

/** Only a draft, or a case sent back for more photos, takes photos, names and a submission. */
export function isCaseEditable(state: CaseStateName): boolean {
  return state === 'draft' || state === 'needs_resubmission';
}
