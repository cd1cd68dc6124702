import type { SubscriberCase } from '../../src/services/api/types';

export function aCase(overrides: Partial<SubscriberCase> = {}): SubscriberCase {
  return {
    id: 'c1',
    state: 'draft',
    applicantType: 'self',
    phone: '138****8000',
    requiredDocuments: ['id_front', 'id_back', 'id_handheld'],
    documents: [],
    applicant: null,
    consentVersion: '2016-10',
    resubmission: null,
    rejection: null,
    numberState: 'single_stop',
    resubmissionsLeft: 3,
    createdAt: '2016-11-01T00:00:00Z',
    submittedAt: null,
    decidedAt: null,
    ...overrides,
  };
}

export function aBranding(overrides: Record<string, unknown> = {}) {
  return {
    code: 'qxn-mobile',
    carrier: 'mobile',
    region: '黔西南布依族苗族自治州',
    displayName: '黔西南移动',
    officialAccountName: '中国移动10086',
    hotline: '10086',
    logoUrl: null,
    primaryColor: '#0085d0',
    accentColor: '#8cc63f',
    policy: {
      proxyAllowed: true,
      enterpriseAllowed: true,
      smsChannelEnabled: false,
      singleToDoubleDate: '2016-11-01',
      doubleToCancelGraceDays: 30,
      perIdentityLimit: 5,
      minAge: 16,
      resubmissionCap: 3,
      retentionDays: 180,
    },
    consent: { version: 'v1', title: '个人信息处理授权', text: '我们只把照片用于实名登记。' },
    ...overrides,
  };
}
