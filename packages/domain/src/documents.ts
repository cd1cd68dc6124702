/** Who is doing the registration. */
export type ApplicantType = 'self' | 'proxy' | 'enterprise';

export type DocumentKind =
  | 'id_front'
  | 'id_back'
  | 'id_handheld'
  | 'proxy_id_front'
  | 'proxy_id_back'
  | 'authorization_letter'
  | 'business_licence'
  | 'introduction_letter';

export interface DocumentKindInfo {
  label: string;
  /** Capture tip shown before the camera opens. */
  hint: string;
  isIdCard: boolean;
}

const ID_PHOTO_TIP = '放在深色桌面上，四个角都拍进来，避开灯光反光，文字清楚。';

export const DOCUMENT_KINDS: Record<DocumentKind, DocumentKindInfo> = {
  id_front: {
    label: '机主身份证人像面',
    hint: `拍机主身份证有照片的一面，${ID_PHOTO_TIP}`,
    isIdCard: true,
  },
  id_back: {
    label: '机主身份证国徽面',
    hint: `拍机主身份证有国徽的一面，${ID_PHOTO_TIP}`,
    isIdCard: true,
  },
  id_handheld: {
    label: '办理人手持身份证照片',
    hint: '办理人本人手拿自己的身份证放在胸前，脸和证件都要清楚，不要遮挡。',
    isIdCard: true,
  },
  proxy_id_front: {
    label: '代办人身份证人像面',
    hint: `拍代办人身份证有照片的一面，${ID_PHOTO_TIP}`,
    isIdCard: true,
  },
  proxy_id_back: {
    label: '代办人身份证国徽面',
    hint: `拍代办人身份证有国徽的一面，${ID_PHOTO_TIP}`,
    isIdCard: true,
  },
  authorization_letter: {
    label: '实名登记授权委托书',
    hint: '拍机主签名的授权委托书，整页拍进来，签名和日期要清楚。',
    isIdCard: false,
  },
  business_licence: {
    label: '单位营业执照（或组织机构代码证）',
    hint: '拍营业执照正本或副本，整页拍进来，统一社会信用代码要清楚。',
    isIdCard: false,
  },
  introduction_letter: {
    label: '单位介绍信或盖章的号码清单',
    hint: '拍加盖单位公章的介绍信或号码使用人清单，整页拍进来，公章要清楚。',
    isIdCard: false,
  },
};

const SELF: DocumentKind[] = ['id_front', 'id_back', 'id_handheld'];

/**
 * The one table of what each way of registering needs. Proxy: the owner's ID
 * (both sides), the proxy holding their own ID, the proxy's ID (both sides)
 * and the signed authorisation letter. Enterprise: the organisation's licence,
 * its letter (or stamped list of numbers), and the END USER's ID, both sides.
 */
const REQUIRED: Record<ApplicantType, readonly DocumentKind[]> = {
  self: SELF,
  proxy: [...SELF, 'proxy_id_front', 'proxy_id_back', 'authorization_letter'],
  enterprise: ['business_licence', 'introduction_letter', 'id_front', 'id_back'],
};

export function requiredDocuments(type: ApplicantType): DocumentKind[] {
  return [...REQUIRED[type]];
}
