/** The four kinds of unregistered number (DOMAIN.md). */
export type UnregisteredKind =
  'temporary_account' | 'incomplete_data' | 'owner_differs' | 'group_card';

export const UNREGISTERED_KINDS: Record<UnregisteredKind, { label: string; explanation: string }> =
  {
    temporary_account: {
      label: '临时账户',
      explanation: '号码从来没有登记过身份信息，机主姓名显示为“临时账户”，需要机主本人登记。',
    },
    incomplete_data: {
      label: '资料不全',
      explanation: '号码登记的身份信息不完整（如缺少证件号码或照片），需要补全资料。',
    },
    owner_differs: {
      label: '机主与使用人不符',
      explanation: '号码登记在别人名下，需要过户到实际使用人名下。',
    },
    group_card: {
      label: '集团卡',
      explanation: '号码登记在单位或经办人名下，需要登记实际使用人的身份信息。',
    },
  };
