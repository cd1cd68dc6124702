import {
  Carrier,
  chinaDate,
  DEFAULT_POLICY,
  ServiceState,
  TenantPolicy,
  UnregisteredKind,
} from '@shiming/domain';

export const DEMO_PASSWORD = 'shiming-demo';
export const DEMO_REGION = { name: '黔西南布依族苗族自治州', code: '522300' } as const;

/** Consent to processing ID photos, shown before the first upload and recorded by version. */
export const DEMO_CONSENT = {
  version: 'v1',
  title: '身份证照片处理单独同意书',
  text: [
    '为了给您的手机号码办理实名登记，我们需要收集并处理您的身份证正反面照片和手持身份证照片。根据《个人信息保护法》，身份证件照片属于敏感个人信息，所以我们单独征求您的同意。',
    '一、用途：这些照片只用于核对您的身份、完成本号码的实名登记和恢复通话，不会用于其他用途，也不会提供给其他单位或个人（法律法规另有规定的除外）。',
    '二、保存：照片加密保存，只有负责审核的工作人员可以查看，每次查看都有记录。审核结束后，照片最多保存 180 天，到期删除。',
    '三、您的权利：您可以不同意。不同意的话，您也可以带上身份证原件到营业厅办理。您可以随时拨打客服热线查询、更正或要求删除您的信息。',
    '四、这是一份单独的同意：它和其他服务协议分开，只有您勾选“我已阅读并同意”后，我们才会接收您的照片。',
  ].join('\n'),
};

export interface DemoTenant {
  code: string;
  carrier: Carrier;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  primaryColor: string;
  accentColor: string;
  policy: TenantPolicy;
  /** First three digits of the demo mobile numbers (checked against carrierOfMobile). */
  prefix: string;
  agentNames: [string, string, string, string];
}

export interface DemoNumber {
  phone: string;
  state: ServiceState;
  registered: boolean;
  unregisteredKind: UnregisteredKind | null;
  /** Days before today the number was double-stopped (grace counts from it). */
  doubleStoppedDaysAgo?: number;
}

const inDays = (today: Date, days: number): string =>
  chinaDate(new Date(today.getTime() + days * 86_400_000));

/** The three demo tenants of the report: Mobile (proxies), Unicom (no proxies), Telecom (proxies, SMS channel). */
export function demoTenants(today: Date): DemoTenant[] {
  return [
    {
      code: 'qxn-mobile',
      carrier: 'mobile',
      displayName: '黔西南移动',
      officialAccountName: '中国移动10086',
      hotline: '10086',
      primaryColor: '#0085d0',
      accentColor: '#8cc63f',
      policy: { ...DEFAULT_POLICY, proxyAllowed: true, singleToDoubleDate: inDays(today, 14) },
      prefix: '138',
      agentNames: ['李娜', '王强', '张丽（主管）', '陈刚（管理员）'],
    },
    {
      code: 'qxn-unicom',
      carrier: 'unicom',
      displayName: '黔西南联通',
      officialAccountName: '黔西南联通',
      hotline: '10010',
      primaryColor: '#e60012',
      accentColor: '#333333',
      policy: { ...DEFAULT_POLICY, proxyAllowed: false, singleToDoubleDate: null },
      prefix: '186',
      agentNames: ['刘洋', '杨敏', '赵静（主管）', '黄伟（管理员）'],
    },
    {
      code: 'qxn-telecom',
      carrier: 'telecom',
      displayName: '黔西南电信',
      officialAccountName: '黔西南电信',
      hotline: '10000',
      primaryColor: '#005bac',
      accentColor: '#f39800',
      policy: {
        ...DEFAULT_POLICY,
        proxyAllowed: true,
        smsChannelEnabled: true,
        singleToDoubleDate: inDays(today, 9),
      },
      prefix: '189',
      agentNames: ['周涛', '吴霞', '徐明（主管）', '孙燕（管理员）'],
    },
  ];
}

/** Ten numbers per tenant mixing every state and the four unregistered kinds; Telecom also has fixed lines. */
export function demoNumbers(t: DemoTenant): DemoNumber[] {
  const m = (n: number): string => `${t.prefix}5990${String(n).padStart(4, '0')}`;
  const numbers: DemoNumber[] = [
    { phone: m(1), state: 'single_stop', registered: false, unregisteredKind: 'temporary_account' },
    { phone: m(2), state: 'single_stop', registered: false, unregisteredKind: 'incomplete_data' },
    { phone: m(3), state: 'single_stop', registered: false, unregisteredKind: 'owner_differs' },
    { phone: m(4), state: 'single_stop', registered: false, unregisteredKind: 'group_card' },
    {
      phone: m(5),
      state: 'double_stop',
      registered: false,
      unregisteredKind: 'temporary_account',
      doubleStoppedDaysAgo: 10,
    },
    {
      phone: m(6),
      state: 'double_stop',
      registered: false,
      unregisteredKind: 'incomplete_data',
      doubleStoppedDaysAgo: 25,
    },
    {
      phone: m(7),
      state: 'double_stop',
      registered: false,
      unregisteredKind: 'group_card',
      doubleStoppedDaysAgo: 3,
    },
    { phone: m(8), state: 'cancelled', registered: false, unregisteredKind: 'temporary_account' },
    { phone: m(9), state: 'active', registered: true, unregisteredKind: null },
    { phone: m(10), state: 'active', registered: false, unregisteredKind: 'owner_differs' },
  ];
  if (t.carrier === 'telecom') {
    numbers.push(
      {
        phone: '0859-3221234',
        state: 'single_stop',
        registered: false,
        unregisteredKind: 'group_card',
      },
      {
        phone: '0859-3225678',
        state: 'double_stop',
        registered: false,
        unregisteredKind: 'incomplete_data',
        doubleStoppedDaysAgo: 12,
      },
    );
  }
  return numbers;
}
