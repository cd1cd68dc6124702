import { DOCUMENT_KINDS, type DocumentKind } from './documents';

/** Why an agent asks for a document again. */
export type ResubmissionReason =
  | 'blurry'
  | 'glare'
  | 'cropped'
  | 'document_expired'
  | 'name_id_mismatch'
  | 'not_the_holder'
  | 'letter_missing_or_unsigned'
  | 'wrong_document'
  | 'other';

export interface ReasonText {
  /** For the agent's console. */
  label: string;
  /** For the subscriber: what happened and what to redo. */
  subscriberText: string;
}

export const RESUBMISSION_REASONS: Record<ResubmissionReason, ReasonText> = {
  blurry: { label: '照片模糊', subscriberText: '照片看不清，请在光线充足的地方拿稳手机重新拍。' },
  glare: { label: '反光', subscriberText: '照片有反光，请避开灯光或窗户重新拍。' },
  cropped: { label: '不完整', subscriberText: '证件没有拍全，请把四个角都拍进来。' },
  document_expired: {
    label: '证件过期',
    subscriberText: '身份证已过有效期，请换领新证后再办理，或带上临时身份证到营业厅办理。',
  },
  name_id_mismatch: {
    label: '姓名与证件不符',
    subscriberText: '填写的姓名或身份证号码和证件上的不一致，请对照证件重新填写。',
  },
  not_the_holder: {
    label: '非本人手持',
    subscriberText: '手持照片中的人和身份证照片不是同一人，请办理人本人手持自己的身份证重新拍。',
  },
  letter_missing_or_unsigned: {
    label: '委托书缺失或未签名',
    subscriberText: '授权委托书缺少或没有机主签名，请机主签名后整页重新拍。',
  },
  wrong_document: {
    label: '材料不对',
    subscriberText: '上传的不是要求的材料，请按提示拍对应的证件。',
  },
  other: { label: '其他', subscriberText: '材料有问题，请按审核员的说明重新提交。' },
};

/** Why a case is refused for good. */
export type RejectionReason =
  | 'fraud_suspected'
  | 'identity_quota'
  | 'underage'
  | 'forged_document'
  | 'resubmission_cap'
  | 'other';

export const REJECTION_REASONS: Record<RejectionReason, ReasonText> = {
  fraud_suspected: {
    label: '疑似冒用',
    subscriberText: '为保护您的号码安全，无法在线办理，请机主本人带上身份证到营业厅办理。',
  },
  identity_quota: {
    label: '超出一证五号',
    subscriberText: '这张身份证在本运营商登记的号码已达上限，请先注销不用的号码，或到营业厅咨询。',
  },
  underage: {
    label: '未达年龄',
    subscriberText: '机主未达到在线办理的年龄，请由监护人带上户口簿到营业厅办理。',
  },
  forged_document: {
    label: '证件疑似伪造',
    subscriberText: '证件未通过核验，请机主本人带上身份证原件到营业厅办理。',
  },
  resubmission_cap: {
    label: '补交次数已满',
    subscriberText: '材料多次不符合要求，无法继续在线办理，请带上身份证到营业厅办理。',
  },
  other: { label: '其他', subscriberText: '本次申请未通过，请拨打客服热线了解原因。' },
};

export interface ResubmissionItem {
  reason: ResubmissionReason;
  /** The document to redo; omit when the reason is about the form, not a photo. */
  document?: DocumentKind;
}

/**
 * The message sent with a resubmission request: one numbered line per item,
 * naming the document and what to redo.
 */
export function composeResubmissionMessage(items: ResubmissionItem[]): string {
  const lines = items.map(({ reason, document }, i) => {
    const what = document ? `${DOCUMENT_KINDS[document].label}：` : '';
    return `${i + 1}. ${what}${RESUBMISSION_REASONS[reason].subscriberText}`;
  });
  return ['您的实名登记申请需要补充材料，请按以下提示重新提交：', ...lines].join('\n');
}
