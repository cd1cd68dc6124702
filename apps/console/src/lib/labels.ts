/** Console wording for states and codes the API sends (UI text, not rules). */
export const CASE_STATE_LABELS: Record<string, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'default' },
  submitted: { text: '待审核', color: 'processing' },
  in_review: { text: '审核中', color: 'blue' },
  needs_resubmission: { text: '待补正', color: 'orange' },
  approved: { text: '已通过', color: 'green' },
  rejected: { text: '已驳回', color: 'red' },
  withdrawn: { text: '已撤回', color: 'default' },
};

export const SERVICE_STATE_LABELS: Record<string, { text: string; color: string }> = {
  active: { text: '正常', color: 'green' },
  single_stop: { text: '单停', color: 'orange' },
  double_stop: { text: '双停', color: 'red' },
  cancelled: { text: '已销号', color: 'default' },
  lift_pending: { text: '复机中', color: 'processing' },
};

export const APPLICANT_TYPE_LABELS: Record<string, string> = {
  self: '机主本人',
  proxy: '代办',
  enterprise: '政企用户',
};

/** Image checks the API runs on upload. */
export const DOCUMENT_FLAG_LABELS: Record<string, string> = {
  blurry: '图像模糊',
  glare: '反光',
  too_far: '证件离镜头太远',
  too_small: '证件尺寸过小',
  ocr_mismatch: '识别结果与填写不一致',
  ocr_failed: '未能识别证件号',
  expired: '证件可能已过期',
  low_resolution: '分辨率过低',
};

/** The case flags of issue 8 (photo quality, duplicate photos, OCR cross-check), as agents read them. */
export const CASE_FLAG_LABELS: Record<string, string> = {
  QUALITY_BLUR: '照片模糊',
  QUALITY_GLARE: '照片反光',
  QUALITY_FRAMING: '证件不完整或太远',
  QUALITY_RESOLUTION: '分辨率过低',
  DUPLICATE_PHOTO: '重复使用的证件照片',
  OCR_NAME_MISMATCH: '姓名与证件识别不一致',
  OCR_NUMBER_MISMATCH: '身份证号与证件识别不一致',
  OCR_NUMBER_UNREADABLE: '未能识别证件上的身份证号',
  CARD_EXPIRED: '身份证已过有效期',
};

/** The photo checks run at upload. */
export const QUALITY_CHECK_LABELS: Record<string, string> = {
  blur: '清晰度',
  glare: '反光',
  framing: '取景',
  resolution: '分辨率',
};

export const QUALITY_VERDICT_LABELS: Record<string, { text: string; color: string }> = {
  pass: { text: '合格', color: 'green' },
  warn: { text: '注意', color: 'orange' },
  fail: { text: '不合格', color: 'red' },
};

/** number_history.cause as the API writes it. */
export const NUMBER_HISTORY_CAUSE_LABELS: Record<string, string> = {
  import: '停机名单导入',
  escalation: '到期升级',
  registration_approved: '实名审核通过',
  lift_confirmed: '运营商确认复机',
};

export const SEX_LABELS: Record<string, string> = { male: '男', female: '女', M: '男', F: '女' };

export function label(map: Record<string, string>, code: string): string {
  return map[code] ?? code;
}
